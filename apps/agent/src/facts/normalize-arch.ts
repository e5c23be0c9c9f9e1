/** Node's `os.arch()` names → the names `uname -m` gives on Linux, which Berth uses. */
const archNames: Record<string, string> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  arm: 'armv7',
  ia32: 'i686',
};

/** Maps `os.arch()` to Berth's architecture name; unknown ones pass through unchanged. */
export function normalizeArch(nodeArch: string): string {
  return archNames[nodeArch] ?? nodeArch;
}
