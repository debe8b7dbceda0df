import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, toGlobalId } from '#module-kit';

/** A member from elsewhere (another county or city) hosted by one of our mobile branches. */
@Entity('mm_outside_member')
@ObjectType('OutsideMobileMember', {
  description: '外地流动党员 — a member from outside this tree hosted by a mobile branch here',
})
export class OutsideMember {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Field({ name: 'id', description: '全局标识 — opaque id' })
  get outsideId(): string {
    return toGlobalId('OutsideMobileMember', this.id);
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field({ description: '姓名 — name' })
  @Column({ type: 'text' })
  name: string;

  @Field({ description: '原组织 — the home organisation elsewhere' })
  @Column({ name: 'home_org_name', type: 'text' })
  homeOrgName: string;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => DateScalar, { description: '接收日期 — hosted since' })
  @Column({ name: 'hosted_since', type: 'date' })
  hostedSince: LocalDate;

  @Field(() => DateScalar, { nullable: true, description: '离开日期 — hosted until; null while hosted' })
  @Column({ name: 'hosted_until', type: 'date', nullable: true })
  hostedUntil: LocalDate | null;
}
