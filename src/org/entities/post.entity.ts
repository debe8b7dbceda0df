import { ScopedNode } from '../../auth/scope';
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { Node } from '../../graphql/node';
import { PostRole } from '../enums';

@Entity('post')
@ObjectType('Post', {
  implements: Node,
  description: '职务 — a post held on a unit for a term, by a member or an outside person',
})
export class Post extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** Access: a post is seen by whoever may read its unit, and by that branch's own members. */
  get scopeUnitId(): number {
    return this.unitId;
  }

  get visibleToMembers(): boolean {
    return true;
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ name: 'member_id', type: 'int', nullable: true })
  memberId: number | null;

  /** For a holder who is not a member of this tree (e.g. a first secretary dispatched from a county agency). */
  @Column({ name: 'holder_name', type: 'text', nullable: true })
  holderName: string | null;

  @Field(() => PostRole, { description: '职务 — role' })
  @Column({ type: 'text' })
  role: PostRole;

  @Field(() => DateScalar, { description: '任期开始 — term start' })
  @Column({ name: 'term_start', type: 'date' })
  termStart: LocalDate;

  @Field(() => DateScalar, { nullable: true, description: '任期届满 — term end; null where no term applies' })
  @Column({ name: 'term_end', type: 'date', nullable: true })
  termEnd: LocalDate | null;

  @Field(() => DateScalar, { nullable: true, description: '离任日期 — ended on; null while the post is held' })
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn: LocalDate | null;

  @Field(() => String, { nullable: true, description: '离任原因 — why the post ended' })
  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: string | null;

  @Field({ description: '创建时间 — when the record was created' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
