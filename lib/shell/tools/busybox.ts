// busybox's usage text: the banner of the multi-call binary, then the applet's usage.

/** What busybox 1.36 prints for a usage error of one of its applets. */
export const busyboxUsage = (usage: string) =>
  `BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\n${usage}`
