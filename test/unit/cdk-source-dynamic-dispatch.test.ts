import { describe, expect, it } from 'vitest';
import { HEADER, summarise as summary } from '../support/cdk-source-harness.js';

/** A base stack whose constructor calls `this.addKey()`, the classes after it, and the app's statements. */
function app(base: string, classes: string, statements: string): Record<string, string> {
  return {
    'app.ts':
      `${HEADER}import type { Construct } from 'constructs';\n\n` +
      `${base} extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    this.addKey();\n  }\n` +
      "  protected addKey(): void {\n    new iam.CfnAccessKey(this, 'Base', { userName: 'ci' });\n  }\n}\n" +
      `${classes}\nconst app = new cdk.App();\n${statements}\n`,
  };
}

const ACTIVE_OVERRIDE = "  protected override addKey(): void {\n    new iam.CfnAccessKey(this, 'Own', { userName: 'ci', status: 'Inactive' });\n  }\n";

describe("CDK source extractor: a method called through this runs the instance's class's override", () => {
  it('runs the body of the class each instance was created as: the base for the base, the override for the subclass', () => {
    const files = app('class Base', `class Derived extends Base {\n${ACTIVE_OVERRIDE}}\n`, "new Base(app, 'Plain');\nnew Derived(app, 'Special');");
    expect(summary(files).keys).toEqual(['Base/Base | name ci | Active', 'Derived/Own | name ci | Inactive']);
  });

  it('runs the nearest override up the chain from the instance class, past classes that do not declare it', () => {
    const files = app(
      'class Base',
      `class Middle extends Base {\n${ACTIVE_OVERRIDE}}\nclass Leaf extends Middle {\n  readonly tag = 'leaf';\n}\n`,
      "new Leaf(app, 'Leaf');",
    );
    expect(summary(files).keys).toEqual(['Middle/Own | name ci | Inactive']);
  });

  it("an abstract base's body runs for no instance when every subclass replaces it; an abstract declaration is no body", () => {
    const concrete = app('abstract class Base', `class Derived extends Base {\n${ACTIVE_OVERRIDE}}\n`, "new Derived(app, 'One');");
    expect(summary(concrete).keys).toEqual(['Derived/Own | name ci | Inactive']);
    const declaredOnly = {
      'app.ts':
        `${HEADER}import type { Construct } from 'constructs';\n\n` +
        'abstract class Base extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    this.addKey();\n  }\n' +
        '  protected abstract addKey(): void;\n}\n' +
        `class Derived extends Base {\n${ACTIVE_OVERRIDE}}\nnew Derived(new cdk.App(), 'One');\n`,
    };
    expect(summary(declaredOnly).keys).toEqual(['Derived/Own | name ci | Inactive']);
  });

  it("a value the call returns is the override's: the key's user is the user the subclass makes", () => {
    const files = {
      'app.ts':
        `${HEADER}import type { Construct } from 'constructs';\n\n` +
        'class Base extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
        "    new iam.AccessKey(this, 'Key', { user: this.makeUser() });\n  }\n" +
        "  protected makeUser(): iam.IUser {\n    return new iam.User(this, 'Plain');\n  }\n}\n" +
        "class Team extends Base {\n  protected override makeUser(): iam.IUser {\n    return new iam.User(this, 'Lead', { userName: 'lead' });\n  }\n}\n" +
        "new Team(new cdk.App(), 'Team');\n",
    };
    const result = summary(files);
    expect(result.users).toEqual(['Team/Lead | lead']);
    expect(result.keys).toEqual(['Base/Key | user Team/Lead | Active']);
  });

  it('walks every body, of unknown existence, where the instance is not known: a constructor walked on its own, a base class reached through a mixin, a name handed on', () => {
    const undecided = [
      "Base/Base | name ci | Active | addKey is declared both in Base and in Derived, so which body runs depends on the instance's class",
      "Derived/Own | name ci | Inactive | addKey is declared both in Derived and in Base, so which body runs depends on the instance's class",
    ];
    // No `new` of either class in the project: the base's constructor runs on its own.
    expect(summary(app('export class Base', `export class Derived extends Base {\n${ACTIVE_OVERRIDE}}\n`, '')).keys).toEqual(undecided);
    // A class built from a package's mixin may extend Base with anything in between.
    const mixin = `class Derived extends Base {\n${ACTIVE_OVERRIDE}}\nclass Mixed extends tagged(Derived) {}\n`;
    const withMixin = app('class Base', mixin, "new Derived(app, 'One');");
    withMixin['app.ts'] = `import { tagged } from 'mixins';\n${withMixin['app.ts'] ?? ''}`;
    expect(summary(withMixin).keys).toEqual(undecided);
    // `this.addKey` handed on: another call may run it, where no call site says.
    const handedOn = `class Derived extends Base {\n${ACTIVE_OVERRIDE}  later = this.addKey;\n}\n`;
    expect(summary(app('class Base', handedOn, "new Derived(app, 'One');")).keys).toEqual(undecided);
  });
});
