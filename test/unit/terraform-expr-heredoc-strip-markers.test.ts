/**
 * A flush heredoc (`<<-`) loses its indentation after the strip markers have trimmed its lines, as
 * HCL does: a line after `~}` no longer starts a line and keeps its indentation, and a line-leading
 * text that `%{~` empties makes the indentation 0. Each expected value is what `terraform console`
 * 1.11.4 gives with `local.names = ["svc", "ci"]`.
 */
import { describe, expect, it } from 'vitest';
import { evalSource } from '../support/terraform-expr-scope.js';

describe('flush heredocs with strip markers', () => {
  it.each<readonly [string, string, string]>([
    [
      'a line after ~} keeps its indentation',
      '<<-EOT\n    users:\n    %{ for n in local.names ~}\n      - ${n}\n    %{ endfor ~}\n    done\n  EOT\n',
      'users:\n      - svc\n      - ci\n    done\n',
    ],
    [
      'a line %{~ empties has indentation 0',
      '<<-EOT\n      a\n    %{~ for n in local.names }\n      x${n}\n    %{~ endfor }\n    b\n  EOT\n',
      '      a\n\n      xsvc\n\n      xci\n\n    b\n',
    ],
    [
      'markers on both sides',
      '<<-EOT\n    users:\n    %{~ for n in local.names ~}\n      - ${n}\n    %{~ endfor ~}\n    done\n  EOT\n',
      '    users:\n      - svc\n      - ci\n    done\n',
    ],
    ['no markers', '<<-EOT\n    users:\n    %{ for n in local.names }\n      - ${n}\n    %{ endfor }\n  EOT\n', 'users:\n\n  - svc\n\n  - ci\n\n'],
    [
      'an if directive',
      '<<-EOT\n    users:\n      ${join("\\n  ", local.names)} ~}\n    %{ if true ~}\n        deep\n    %{ endif }\n  EOT\n',
      'users:\n  svc\n  ci ~}\n        deep\n\n',
    ],
  ])('%s', (_, source, expected) => {
    expect(evalSource(source)).toBe(expected);
  });
});
