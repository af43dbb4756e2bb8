import type { RuleReport } from '../src/model/rule.js';
import type { Undecided } from '../src/model/link-credentials.js';

/**
 * The `--report-unknown` warning for a login profile or key left out of the joins: it points at the
 * resource and its message (from `messageId`) names the unknown value.
 */
export function undecidedReport(item: Undecided, messageId: string, data: RuleReport['data']): RuleReport {
  return {
    messageId,
    data: { ...data, reason: item.reason },
    resource: item.resource,
    related: [],
    unknown: true,
  };
}
