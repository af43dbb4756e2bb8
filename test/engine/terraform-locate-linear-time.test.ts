/**
 * The Terraform locators' cost grows linearly with their input. These tests time CPU, so they live in
 * the `engine` layer: each of its files runs in a process of its own, and `process.cpuUsage` counts
 * only this test. In the `unit` layer's shared worker threads it counted every other test file running
 * beside it, which is how a linear pass once measured 39x for 8x the input (the unit guard now refuses
 * `process.cpuUsage`).
 */
import { describe, expect, it } from 'vitest';
import { locateHclBlocks } from '../../src/terraform/locate/locate-hcl-blocks.js';
import { locateTfJson } from '../../src/terraform/locate/locate-tf-json.js';

/**
 * The fastest of a few runs, in milliseconds of this process's CPU time: other engineers' processes
 * share the machine, so wall time would measure them too.
 */
function cpuMilliseconds(run: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let k = 0; k < runs; k++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('the Terraform locators on large input', () => {
  // A retry absorbs a burst of load from the other test processes; a quadratic pass fails every try.
  it('stays linear on pathological nesting and unterminated constructs', { retry: 2 }, () => {
    const shapes: ((size: number) => string)[] = [
      (size) => 'a = ' + '('.repeat(size),
      (size) => 'a {'.repeat(size / 3),
      (size) => 'x = "${'.repeat(size / 6),
      (size) => '/*' + 'x'.repeat(size),
      (size) => 'a = <<EOT\n' + 'EOTX\n'.repeat(size / 5),
      (size) => '<<'.repeat(size / 2) + 'a'.repeat(size),
      (size) => 'a '.repeat(size / 2),
      (size) => '"'.repeat(size),
      (size) => '['.repeat(size),
      (size) => '{"resource": {"a": {"b": ' + '{"x": '.repeat(size / 6),
    ];
    // Eight times the input: a linear scan costs about eight times the CPU (measured up to ~20x for deep
    // `a {` nesting, where the garbage collector's share grows with the live tree), a quadratic one 64x.
    // A ratio between two sizes measured back to back holds on a loaded machine, where a fixed number
    // of milliseconds did not (1,095 ms against a 1,000 ms bound in a CI run, 390 ms idle). The 10 ms
    // floor keeps timer granularity on the small input from inflating the ratio.
    const small = 37_500;
    for (const shape of shapes) {
      const flat = (size: number): string => Buffer.from(shape(size)).toString('utf8');
      const smallText = flat(small);
      const largeText = flat(8 * small);
      for (const locate of [locateHclBlocks, locateTfJson]) {
        const smallCost = Math.max(
          cpuMilliseconds(() => locate(smallText)),
          10,
        );
        const ratio = cpuMilliseconds(() => locate(largeText), 2) / smallCost;
        expect(ratio, `${locate.name} on ${JSON.stringify(shape(12).slice(0, 30))}`).toBeLessThan(40);
      }
    }
    // `a {` nested 100,000 deep above: no recursion, so no stack overflow; every block is closed at the end.
    expect(locateHclBlocks('a {'.repeat(1000)).blocks).toHaveLength(1);
  });

  it('locates a 2 MB file in time proportional to its size', { retry: 2 }, () => {
    const chunk = [
      '# resource "aws_iam_user" "commented" {',
      'resource "aws_iam_user" "u" {',
      '  name = "${lookup(var.m, "k", "}")}"',
      '  policy = <<-EOT',
      '    { "Statement": [] }',
      '    EOT',
      '  tags = {',
      '    team = "é😀"',
      '  }',
      '  lifecycle { ignore_changes = [tags] }',
      '}',
      '',
    ].join('\n');
    // Flat, as `readSourceFile` returns it (a `repeat` result is a rope that the first scan would flatten).
    const copies = Math.ceil((2 * 1024 * 1024) / chunk.length);
    const text = Buffer.from(chunk.repeat(copies)).toString('utf8');
    const eighth = Buffer.from(chunk.repeat(Math.ceil(copies / 8))).toString('utf8');
    expect(locateHclBlocks(text).blocks.length).toBe(copies);
    const full = cpuMilliseconds(() => locateHclBlocks(text));
    // About 150 ms idle. Against an eighth of the file: linear is 8x, measured up to 9.3x for a
    // quarter's 4x on a loaded CI machine (the collector's share grows with the live result), and a
    // quadratic pass 64x; the absolute bound only catches a collapse (a quadratic pass takes minutes).
    expect(
      full /
        Math.max(
          cpuMilliseconds(() => locateHclBlocks(eighth)),
          10,
        ),
    ).toBeLessThan(32);
    expect(full).toBeLessThan(5_000);
  });
});
