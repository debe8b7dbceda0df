import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { NoticeCategory } from '../enums';

@Entity('mm_notice')
@ObjectType('MobileNotice', {
  implements: Node,
  description: '流动党员通报 — party or village affairs a branch sends to its members away from home',
})
export class MobileNotice extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** Access: the branch's readers, and its own members (the recipients). */
  get scopeUnitId(): number {
    return this.unitId;
  }

  get visibleToMembers(): boolean {
    return true;
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field(() => NoticeCategory, { description: '类别 — party or village affairs' })
  @Column({ type: 'text' })
  category: NoticeCategory;

  @Field({ description: '标题 — title' })
  @Column({ type: 'text' })
  title: string;

  @Field({ description: '内容 — text' })
  @Column({ type: 'text' })
  body: string;

  @Field(() => DateScalar, { description: '发布日期 — published on' })
  @Column({ name: 'published_on', type: 'date' })
  publishedOn: LocalDate;

  @Column({ name: 'published_by', type: 'int', nullable: true })
  publishedBy: number | null;

  /** The members away when it was published. */
  @Column({ name: 'recipient_ids', type: 'int', array: true })
  recipientIds: number[];
}
