// The workbench opens on the sample repository with Growth Ledger loaded, and its activity-bar entry is there.
export default async function (ctx) {
  const { page, assert } = ctx;
  await ctx.openWorkbench();
  assert.match(await page.title(), /payments/, 'the window title names the opened folder');
  assert.ok(await ctx.activityBarItem('Growth Ledger').isVisible(), 'the Growth Ledger activity-bar entry');
  await ctx.screenshot('00-workbench');
}
