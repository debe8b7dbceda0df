import { Length } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { ErrorCode, refuse } from './errors';
import { CORE_MESSAGES as M } from '../messages/core';

/** A file kept elsewhere, by reference: no files are stored here. Shared by every module that links files. */
export interface Attachment {
  name: string;
  url: string;
}

const URL = /^(https?:\/\/|[\w.-]+\/)[^\s]{1,500}$/;

/** Refuses attachments without a name or with something that is neither a URL nor a storage key. */
export function checkAttachments(
  list: Attachment[] | null | undefined,
  field: string[] = ['input', 'attachments'],
): Attachment[] {
  return (list ?? []).map((a, i) => {
    if (!a.name.trim() || !URL.test(a.url)) refuse(ErrorCode.BAD_USER_INPUT, M.attachment(), [...field, String(i)]);
    return { name: a.name.trim(), url: a.url };
  });
}

@InputType({ description: '附件 — a reference to a file kept elsewhere (no files are stored here)' })
export class AttachmentInput {
  @Field({ description: '名称 — file name' })
  @Length(1, 200)
  name: string;

  @Field({ description: '地址 — URL or storage key' })
  @Length(1, 500)
  url: string;
}

@ObjectType({ description: '附件 — a file kept elsewhere, by reference' })
export class AttachmentRef {
  @Field({ description: '名称 — file name' })
  name: string;

  @Field({ description: '地址 — URL or storage key' })
  url: string;
}
