import { defineModule } from '#module-kit';
import { MemberStarFields, OrgUnitStarFields } from './api/fields.resolver';
import { FIGURE_PERIOD_RESOLVERS } from './api/figure-period.resolver';
import { ModelStarResolver, StarEntryResolver, StarSchemeResolver } from './api/star.resolver';
import { StarEntry } from './entities/entry.entity';
import { ModelStar } from './entities/model-star.entity';
import { StarCriterion, StarScheme } from './entities/scheme.entity';
import { StarRating1764300000000 } from './migrations/1764300000000-star-rating';
import { StarRatingRules1764600000000 } from './migrations/1764600000000-star-rating-rules';
import { StarRatingFigures1764800000000 } from './migrations/1764800000000-star-rating-figures';
import { StarRatingSources1765400000000 } from './migrations/1765400000000-star-rating-sources';
import { seedStarRating } from './seed';
import { createServices, MODULE } from './services';
import { starFigures } from './services/tally';

export default defineModule({
  name: MODULE,
  title: '创星晋级 Star rating',
  description:
    '创星晋级 (seed 001): members strive for the vanguard star, branches for the fortress star, committees for the service star; a score book summed monthly, grades rising and falling with the score, fixed each quarter and reset each year; rankings and year-end consequences.',
  entities: [StarScheme, StarCriterion, StarEntry, ModelStar],
  resolvers: [
    StarSchemeResolver,
    StarEntryResolver,
    ModelStarResolver,
    OrgUnitStarFields,
    MemberStarFields,
    ...FIGURE_PERIOD_RESOLVERS,
  ],
  migrations: [
    StarRating1764300000000,
    StarRatingRules1764600000000,
    StarRatingFigures1764800000000,
    StarRatingSources1765400000000,
  ],
  services: createServices,
  figures: starFigures,
  seed: seedStarRating,
});
