import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { describeEnum } from '../../graphql/enum';

export enum PlacementChange {
  CREATED = 'CREATED',
  MOVED = 'MOVED',
  ANCESTOR_MOVED = 'ANCESTOR_MOVED',
}
describeEnum(PlacementChange, 'PlacementChange', '隶属变动 — why a unit got a new place in the tree', {
  CREATED: '成立 — the unit was created here',
  MOVED: '调整隶属 — the unit itself was moved to another parent',
  ANCESTOR_MOVED: '上级调整 — an ancestor was moved, carrying this unit along',
});

/**
 * Where a unit sat in the tree during a period. Modules ask "which villages were under this station
 * in week W" by joining placements valid on that day, instead of today's path.
 */
@Entity('org_unit_placement')
@ObjectType('OrgUnitPlacement', { description: '隶属记录 — a period during which a unit sat under a parent' })
export class OrgUnitPlacement {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ name: 'parent_id', type: 'int', nullable: true })
  parentId: number | null;

  @Column({ type: 'text' })
  path: string;

  @Field(() => DateScalar, { description: '起始日期 — first day in this place' })
  @Column({ name: 'valid_from', type: 'date' })
  validFrom: LocalDate;

  @Field(() => DateScalar, {
    nullable: true,
    description: '截止日期 — first day no longer here; null for the current place',
  })
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: LocalDate | null;

  @Field(() => PlacementChange, { description: '变动类型 — why the period began' })
  @Column({ type: 'text' })
  change: PlacementChange;
}
