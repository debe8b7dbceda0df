import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { SortDirection } from '../../graphql/connection';
import { describeEnum } from '../../graphql/enum';
import { OrgUnitOrder } from '../services/org-lists';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { OrgUnitKind, Sector } from '../enums';

@InputType({ description: '新建党组织 — a new unit of the tree' })
export class CreateOrgUnitInput {
  @Field({ description: '组织代码 — unique code: 1–64 letters, digits, "-" or "_"' })
  @Length(1, 64)
  code: string;

  @Field({ description: '名称 — full name' })
  @Length(1, 200)
  name: string;

  @Field(() => String, { nullable: true, description: '简称 — short name' })
  @IsOptional()
  @MaxLength(100)
  shortName?: string | null;

  @Field(() => OrgUnitKind, { description: '组织类别 — kind; decides where the unit may sit' })
  kind: OrgUnitKind;

  @Field(() => Sector, { nullable: true, description: "领域 — sector; a party group takes its branch's when omitted" })
  sector?: Sector | null;

  @Field(() => ID, {
    nullable: true,
    description: '上级组织 — parent unit; omit only for a root (city or county committee)',
  })
  parentId?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "成立日期 — established on (not in the future); the unit's history starts here, or today",
  })
  establishedOn?: LocalDate | null;

  @Field(() => String, { nullable: true, description: '联系电话 — office phone' })
  @IsOptional()
  @MaxLength(40)
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: '地址 — address' })
  @IsOptional()
  @MaxLength(300)
  address?: string | null;
}

@InputType({
  description:
    '修改党组织 — changes to a unit; omitted fields stay as they are. Kind and parent change by other mutations.',
})
export class UpdateOrgUnitInput {
  @Field(() => ID, { description: '党组织 — the unit to change' })
  id: string;

  @Field(() => Int, {
    nullable: true,
    description: '版本 — the version you read; a different current version answers CONFLICT',
  })
  version?: number;

  @Field({ nullable: true, description: '组织代码 — new unique code' })
  @IsOptional()
  @Length(1, 64)
  code?: string;

  @Field({ nullable: true, description: '名称 — new name' })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field(() => String, { nullable: true, description: '简称 — new short name' })
  @IsOptional()
  @MaxLength(100)
  shortName?: string | null;

  @Field(() => Sector, { nullable: true, description: '领域 — new sector' })
  sector?: Sector | null;

  @Field(() => DateScalar, { nullable: true, description: '成立日期 — corrected establishment date' })
  establishedOn?: LocalDate | null;

  @Field(() => String, { nullable: true, description: '联系电话 — office phone' })
  @IsOptional()
  @MaxLength(40)
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: '地址 — address' })
  @IsOptional()
  @MaxLength(300)
  address?: string | null;
}

@InputType({ description: '调整隶属 — move a unit with its whole subtree under another parent' })
export class MoveOrgUnitInput {
  @Field(() => ID, { description: '党组织 — the unit to move' })
  id: string;

  @Field(() => ID, { description: '新上级 — the new parent; not inside the moved subtree' })
  newParentId: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: "生效日期 — effective on (default today); not in the future, not before the subtree's last change",
  })
  effectiveOn?: LocalDate | null;
}

@InputType({
  description: '撤销党组织 — dissolve a unit that has no active sub-units and no members; the record is kept',
})
export class DissolveOrgUnitInput {
  @Field(() => ID, { description: '党组织 — the unit to dissolve' })
  id: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: '撤销日期 — dissolved on (default today); its current posts end that day',
  })
  dissolvedOn?: LocalDate | null;
}

describeEnum(
  OrgUnitOrder,
  'OrgUnitOrder',
  '党组织排序字段 — what a list of units is sorted by (ties broken by record id)',
  {
    CODE: '按编码 — by unit code',
    NAME: '按名称 — by full name',
  },
);

@InputType('OrgUnitOrderBy', { description: '党组织排序 — the order of a list of units: a field and a direction' })
export class OrgUnitOrderBy {
  @Field(() => OrgUnitOrder, { description: '排序字段 — what to sort by' })
  field: OrgUnitOrder;

  @Field(() => SortDirection, {
    defaultValue: SortDirection.ASC,
    description: '排序方向 — ascending (default) or descending',
  })
  direction: SortDirection;
}
