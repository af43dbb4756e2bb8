import type { Rule } from '../src/model/rule.js';
import { consoleUserWithAccessKey } from './console-user-with-access-key/rule.js';
import { multipleActiveAccessKeys } from './multiple-active-access-keys/rule.js';
import { rootUserAccessKey } from './root-user-access-key/rule.js';

/** Every rule, registered explicitly. Ids are stable forever and never reused. */
export const rules: readonly Rule[] = [consoleUserWithAccessKey, multipleActiveAccessKeys, rootUserAccessKey];
