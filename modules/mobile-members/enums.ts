import { describeEnum } from '#module-kit';

export enum AwayKind {
  RELATIONSHIP_TRANSFERRED = 'RELATIONSHIP_TRANSFERRED',
  CERTIFICATE_LETTER = 'CERTIFICATE_LETTER',
  ACTIVITY_CARD = 'ACTIVITY_CARD',
}
describeEnum(AwayKind, 'AwayKind', '外出方式 — how the membership follows a member away from home', {
  RELATIONSHIP_TRANSFERRED: '转移组织关系 — fixed place, away more than 6 months',
  CERTIFICATE_LETTER: '开具介绍信 — up to 6 months',
  ACTIVITY_CARD: '流动党员活动证 — no fixed place; the card number is recorded',
});

export enum AwayReason {
  MIGRANT_WORK = 'MIGRANT_WORK',
  BUSINESS = 'BUSINESS',
  STUDY = 'STUDY',
  OTHER = 'OTHER',
}
describeEnum(AwayReason, 'AwayReason', '外出原因 — why the member is away', {
  MIGRANT_WORK: '务工 — migrant work',
  BUSINESS: '经商 — business',
  STUDY: '学习 — study',
  OTHER: '其他 — other',
});

export enum ContactChannel {
  PHONE = 'PHONE',
  WECHAT = 'WECHAT',
  QQ = 'QQ',
  VISIT = 'VISIT',
  LETTER = 'LETTER',
  OTHER = 'OTHER',
}
describeEnum(ContactChannel, 'ContactChannel', '联系方式 — how contact was sought', {
  PHONE: '电话 — phone',
  WECHAT: '微信 — WeChat',
  QQ: 'QQ联系 — QQ',
  VISIT: '走访 — visit',
  LETTER: '信函 — letter',
  OTHER: '其他 — other',
});

export enum MobileStatus {
  IN_CONTACT = 'IN_CONTACT',
  CONTACT_OVERDUE = 'CONTACT_OVERDUE',
  SEARCH_DUE = 'SEARCH_DUE',
  LOST = 'LOST',
  SUSPENDED = 'SUSPENDED',
  REMOVED = 'REMOVED',
  RETURNED = 'RETURNED',
}
describeEnum(
  MobileStatus,
  'MobileStatus',
  "联系状态 — derived from the contact log, the policy and people's recorded decisions",
  {
    IN_CONTACT: '保持联系 — reached recently',
    CONTACT_OVERDUE: '联系逾期 — not reached for longer than the policy wants (default 3 months)',
    SEARCH_DUE:
      '待查找 — not reached for the lost period (6 months) but too few search attempts logged (policy, default 2 on different days): search first; not lost, no suspension',
    LOST: '失联 — not reached for 6 months or more (policy) after the search attempts the policy asks: may be proposed for suspension',
    SUSPENDED: '停止党籍 — suspended by a recorded decision',
    REMOVED: '按自行脱党除名 — removed as self-withdrawn by a recorded decision',
    RETURNED: '已返乡 — back home',
  },
);

export enum DecisionKind {
  SUSPEND = 'SUSPEND',
  RESTORE = 'RESTORE',
  REMOVE = 'REMOVE',
}
describeEnum(
  DecisionKind,
  'MobileDecisionKind',
  '组织决定 — a decision taken by the branch assembly and approved above, recorded here',
  {
    SUSPEND: '停止党籍 — suspend membership (member lost 6 months or more, after recorded search attempts)',
    RESTORE: '恢复党籍 — restore it (contact re-established)',
    REMOVE: '按自行脱党除名 — remove as self-withdrawn (suspended 24 months or more, policy)',
  },
);

export enum ProposalKind {
  SUSPEND = 'SUSPEND',
  CONCENTRATED_CONTACT = 'CONCENTRATED_CONTACT',
  REMOVE = 'REMOVE',
}
describeEnum(
  ProposalKind,
  'MobileProposalKind',
  '待决事项 — what the rules make a member eligible for; people decide',
  {
    SUSPEND: '可停止党籍 — lost for the policy period (6 months) after the recorded search attempts',
    CONCENTRATED_CONTACT: '集中联系 — lost over 3 years: one concentrated contact effort first (seed 004)',
    REMOVE: '可按自行脱党除名 — suspended for the policy period (24 months) and still lost',
  },
);

export enum NoticeCategory {
  PARTY_AFFAIRS = 'PARTY_AFFAIRS',
  VILLAGE_AFFAIRS = 'VILLAGE_AFFAIRS',
}
describeEnum(NoticeCategory, 'MobileNoticeCategory', '通报类别 — what a notice to mobile members is about', {
  PARTY_AFFAIRS: '党务 — party affairs',
  VILLAGE_AFFAIRS: '村务 — village affairs',
});

/** What a list of records away can be sorted by (ties broken by record id). */
export enum MobileRecordOrder {
  LEFT_ON = 'LEFT_ON',
  EXPECTED_RETURN = 'EXPECTED_RETURN',
}
describeEnum(
  MobileRecordOrder,
  'MobileRecordOrder',
  '外出记录排序字段 — what a list of records away is sorted by (ties broken by record id)',
  {
    LEFT_ON: '按外出日期 — by the day the member left (ascending: longest away first)',
    EXPECTED_RETURN: '按预计返回 — by the expected return (ascending: soonest first; records without one last)',
  },
);
