/**
 * How IAM compares user names: "User names are not distinguished by case. For example, you cannot
 * create users named both "TESTUSER" and "testuser"."
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html). Every comparison of two
 * user names, and every key that stands for a name, goes through this one fold, so that `Ops` and
 * `ops` are one user wherever they meet. IAM accepts only `[\w+=,.@-]` in a name, for which
 * lowercasing is the whole fold.
 */
export function foldUserName(name: string): string {
  return name.toLowerCase();
}

/** Whether IAM takes `a` and `b` for one user's name. */
export function sameUserName(a: string, b: string): boolean {
  return foldUserName(a) === foldUserName(b);
}
