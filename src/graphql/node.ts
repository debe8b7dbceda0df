import { Field, ID, InterfaceType } from 'type-graphql';

/** Every object a client can refetch by id (docs/ARCHITECTURE.md, "The API contract"). */
@InterfaceType('Node', { description: '节点 — an object with an opaque global id, refetchable with `node(id)`' })
export abstract class Node {
  @Field(() => ID, { name: 'id', description: '全局标识 — opaque global id; do not parse it' })
  nodeId: string;
}
