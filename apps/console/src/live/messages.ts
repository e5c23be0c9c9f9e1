/** Strings of the live helpers (log view), shared by the instances and light apps areas. */
export const en = {
  follow: 'Follow',
  following: 'Following new lines…',
  noLogs: 'No log lines yet.',
  ended: 'The log ended.',
};

export const zh: typeof en = {
  follow: '持续跟踪',
  following: '正在跟踪新日志…',
  noLogs: '暂无日志。',
  ended: '日志已结束。',
};
