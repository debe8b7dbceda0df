import { Field, Int, ObjectType } from 'type-graphql';
import { OrgUnitKind, PostRole } from '../enums';

@ObjectType({
  description:
    '职务空缺统计 — for one kind of unit and one post it must have filled, the units here or below that need it and those where it is vacant',
})
export class VacancyCount {
  @Field(() => OrgUnitKind, { description: '组织类别 — the kind of unit' })
  unitKind: OrgUnitKind;

  @Field(() => PostRole, { description: '职务 — the post the kind requires' })
  role: PostRole;

  @Field(() => Int, { description: '应配单位数 — current units of that kind here or below' })
  units: number;

  @Field(() => Int, { description: '空缺单位数 — of them, units with no current holder of the post' })
  vacant: number;
}
