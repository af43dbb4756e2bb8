/** The values `--format` accepts, apart from the reporters themselves so that the CLI can check a flag without loading them. */
export type FormatName = 'stylish' | 'json' | 'sarif' | 'github' | 'junit' | 'gitlab' | 'checkstyle';

/** `stylish` (the default) first. */
export const formatNames: readonly FormatName[] = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab', 'checkstyle'];

export function isFormatName(value: string): value is FormatName {
  return (formatNames as readonly string[]).includes(value);
}
