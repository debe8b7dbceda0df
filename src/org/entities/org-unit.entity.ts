import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node';
import { OrgUnitKind, Sector } from '../enums';

@Entity('org_unit')
@ObjectType('OrgUnit', {
  implements: Node,
  description:
    "党组织 — a unit of the organisation tree: committee, work station, branch or party group. A member sees their own branch's published fields; the others are null there, with a FORBIDDEN error.",
})
export class OrgUnit implements Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('OrgUnit', this.id);
  }

  @Field({ description: '组织代码 — organisation code, unique across the deployment' })
  @Column({ type: 'text' })
  code: string;

  @Field({ description: '名称 — full name, e.g. 城关镇党委' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true, description: '简称 — short name' })
  @Column({ name: 'short_name', type: 'text', nullable: true })
  shortName: string | null;

  @Field(() => OrgUnitKind, { description: '组织类别 — kind (level) of the unit' })
  @Column({ type: 'text' })
  kind: OrgUnitKind;

  @Field(() => Sector, {
    nullable: true,
    description: '领域 — sector (village, community, agency …); null for committees above the grassroots',
  })
  @Column({ type: 'text', nullable: true })
  sector: Sector | null;

  @Column({ name: 'parent_id', type: 'int', nullable: true })
  parentId: number | null;

  /** Materialised path of ids, e.g. /1/7/42/ (collation C, so prefixes are index ranges). */
  @Column({ type: 'text' })
  path: string;

  @Field(() => Int, { description: '层级深度 — depth in the tree; a root is 0' })
  @Column({ type: 'int' })
  depth: number;

  @Field(() => DateScalar, { nullable: true, description: '成立日期 — established on' })
  @Column({ name: 'established_on', type: 'date', nullable: true })
  establishedOn: LocalDate | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: '撤销日期 — dissolved on; dissolved units are kept, never deleted',
  })
  @Column({ name: 'dissolved_on', type: 'date', nullable: true })
  dissolvedOn: LocalDate | null;

  @Field(() => String, {
    nullable: true,
    description: '联系电话 — contact phone of the unit (an office line, not personal data)',
  })
  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone: string | null;

  @Field(() => String, { nullable: true, description: '地址 — address' })
  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Field({ description: '创建时间 — when the record was created' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Field({ description: '更新时间 — when the record last changed' })
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Field(() => Int, { description: '版本 — increases with every change; send it back to detect concurrent edits' })
  @Column({ type: 'int', default: 1 })
  version: number;

  get isDissolved(): boolean {
    return this.dissolvedOn !== null;
  }

  /** Ids of the ancestors, root first, from the path. */
  get ancestorIds(): number[] {
    return this.path.split('/').filter(Boolean).map(Number).slice(0, -1);
  }
}
