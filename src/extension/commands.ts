/** Every command id, in one place; a test compares this with package.json. */
export const Commands = {
  refresh: 'growthLedger.refresh',
  setPeriod: 'growthLedger.setPeriod',
  logWin: 'growthLedger.logWin',
  exportPacket: 'growthLedger.exportPacket',
  addAlias: 'growthLedger.addAlias',
  customizeFramework: 'growthLedger.customizeFramework',
  openNotesFolder: 'growthLedger.openNotesFolder',
  showLog: 'growthLedger.showLog',
  rebuildCache: 'growthLedger.rebuildCache',
  openCommit: 'growthLedger.openCommit',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

export const VIEW_ID = 'growthLedger.panel';
export const CONFIG_SECTION = 'growthLedger';
