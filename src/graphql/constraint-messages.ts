import { getMetadataStorage as validatorMetadata } from 'class-validator';
import { getMetadataStorage as schemaMetadata } from 'type-graphql';
import type { Localized, Message } from '../messages/catalogue';
import { CORE_MESSAGES as M } from '../messages/core';

/**
 * The class-validator constraints of inputs (@MaxLength, @Length, @Min, @Max, @ArrayMaxSize) as catalogue
 * messages: the field is named by its Chinese term (the description of the input field before " — ")
 * and its GraphQL name in English; the bound comes from the constraint's own arguments.
 */
export function labelOf(target: object, property: string): Localized {
  const fields = schemaMetadata().fields;
  for (
    let proto = Object.getPrototypeOf(target);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    const field = fields.find((f) => f.target === proto.constructor && f.name === property);
    const zh = field?.description?.split(' — ')[0];
    if (field) return { zh: zh && zh !== field.description ? zh : property, en: property };
  }
  return { zh: property, en: property };
}

function argsOf(target: object, property: string, constraint: string): unknown[] {
  const found = validatorMetadata()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && (m.name ?? '').toLowerCase() === constraint.toLowerCase());
  return found?.constraints ?? [];
}

export function constraintMessage(target: object, property: string, constraint: string): Message {
  const field = labelOf(target, property);
  const args = argsOf(target, property, constraint);
  switch (constraint) {
    case 'maxLength':
      return M.tooLong({ field, max: Number(args[0]) });
    case 'isLength': {
      const [min, max] = args.map(Number);
      return Number.isFinite(max) ? M.lengthBetween({ field, min, max }) : M.tooShort({ field, min });
    }
    case 'min':
      return M.atLeast({ field, min: Number(args[0]) });
    case 'max':
      return M.atMost({ field, max: Number(args[0]) });
    case 'arrayMaxSize':
      return M.tooManyItems({ field, max: Number(args[0]) });
    case 'isInt':
      return M.notInteger({ field });
    default:
      return M.invalidValue({ field, rule: constraint });
  }
}
