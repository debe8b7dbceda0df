import type { SeedContext } from '#module-kit';
export async function seedOrgLife(ctx: SeedContext): Promise<void> {
  await ctx.setModuleEnabled(ctx.tree.countyIds[0], 'organisational-life', true);
}
