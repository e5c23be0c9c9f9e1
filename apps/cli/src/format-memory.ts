/** `512 MiB`, `1.5 GiB`, `8 GiB`: an amount of memory given in MiB. */
export function formatMemory(mi: number): string {
  if (mi < 1024) return `${mi} MiB`;
  const gi = mi / 1024;
  return `${Number.isInteger(gi) ? gi : gi.toFixed(1)} GiB`;
}
