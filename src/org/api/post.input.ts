import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { PostRole } from '../enums';

@InputType({ description: '任职 — a post taken up on a unit' })
export class CreatePostInput {
  @Field(() => ID, { description: '任职组织 — the unit' })
  unitId: string;

  @Field(() => ID, { nullable: true, description: '任职党员 — the member who holds it; or give holderName' })
  memberId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: '任职人姓名 — a holder from outside the tree (e.g. a dispatched first secretary)',
  })
  @IsOptional()
  @MaxLength(100)
  holderName?: string | null;

  @Field(() => PostRole, { description: '职务 — role' })
  role: PostRole;

  @Field(() => DateScalar, { description: '任期开始 — term start' })
  termStart: LocalDate;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      "任期届满 — term end; default from the unit's term length (village and community branches 5 years, other branches 3, committees 5)",
  })
  termEnd?: LocalDate | null;
}

@InputType({ description: '离任 — end a post' })
export class EndPostInput {
  @Field(() => ID, { description: '职务 — the post' })
  id: string;

  @Field(() => DateScalar, { nullable: true, description: '离任日期 — ended on (default today)' })
  endedOn?: LocalDate | null;

  @Field(() => String, { nullable: true, description: '离任原因 — reason' })
  @IsOptional()
  @MaxLength(200)
  reason?: string | null;
}
