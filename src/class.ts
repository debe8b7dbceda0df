/**
 * A class, as type-graphql and TypeORM take them (entities, resolvers, object types): something that
 * can be constructed, abstract classes included. Constructor arguments differ from class to class
 * and are never passed here, hence `never[]`.
 */
export type Class<T extends object = object> = abstract new (...args: never[]) => T;
