/**
 * Berth's server and validator write their problems in English. The console shows them in
 * the person's language by their shape: each rule matches one message template of the
 * server or the spec's validator and rewrites it, keeping what varies (names, numbers,
 * lists). A message no rule knows is shown as written, which keeps a new message readable
 * instead of hiding it.
 */
type Rules = [RegExp, string][];

const zh: Rules = [
  // the spec's shape (zod) and common grammars
  [/^is required \(one of: (.+)\)$/, '必填（可选：$1）'],
  [/^is required$/, '必填'],
  [/^must be a whole number$/, '必须是整数'],
  [/^must be between (-?\d+) and (-?\d+)$/, '必须在 $1 到 $2 之间'],
  [/^must be at most (\d+) characters$/, '最多 $1 个字符'],
  [/^must be at least (\d+) characters$/, '至少 $1 个字符'],
  [/^must have at most (\d+) (?:items|ports|volumes|variables|parameters)$/, '最多 $1 项'],
  [/^must have at least (\d+) items?$/, '至少 $1 项'],
  [/^must be at most (\S+)$/, '不能大于 $1'],
  [/^must be at least (\S+)$/, '不能小于 $1'],
  [/^must be one of: (.+)$/, '必须是以下之一：$1'],
  [/^must be an? (\w+), not an? (\w+)$/, '类型应为 $1，而不是 $2'],
  [/^is not a known field of (\w+) nodes$/, '不是 $1 节点的已知字段'],
  [/^is not a known field$/, '不是已知字段'],
  [
    /^must be lower-case letters, digits and hyphens, starting and ending with a letter or digit \(e\.g\. (.+)\)$/,
    '只能包含小写字母、数字和连字符，并以字母或数字开头和结尾（例如 $1）',
  ],
  [
    /^must be lower-case letters, digits and hyphens, starting and ending with a letter or digit$/,
    '只能包含小写字母、数字和连字符，并以字母或数字开头和结尾',
  ],
  [
    /^must be letters, digits and "_", not starting with a digit \(e\.g\. (.+)\)$/,
    '只能包含字母、数字和 "_"，且不能以数字开头（例如 $1）',
  ],
  [/^must be an image reference such as (\S+).*$/, '必须是镜像引用，例如 $1'],
  [/^must be an image reference$/, '必须是镜像引用'],
  [
    /^must name a tag \((.+)\) or a digest \((.+)\).*$/,
    '必须指定标签（$1）或摘要（$2）：否则表示 "latest"，它可能在已发布的版本之下变化',
  ],
  [/^must be an absolute path \(start with "\/"\)$/, '必须是绝对路径（以 "/" 开头）'],
  [/^must be an absolute path$/, '必须是绝对路径'],
  [/^must not contain whitespace$/, '不能包含空白字符'],
  [/^must not be empty$/, '不能为空'],
  [
    /^must be a port number \(1–65535\) or the name of one of the node’s ports$/,
    '必须是端口号（1–65535）或该节点某个端口的名称',
  ],
  [
    /^must be millicores like "500m" or cores like "1" or "0\.5".*$/,
    '必须是毫核（如 "500m"）或核数（如 "1"、"0.5"，最多 3 位小数）',
  ],
  [
    /^must be mebibytes like "256Mi" or gibibytes like "1Gi".*$/,
    '必须是 MiB（如 "256Mi"）或 GiB（如 "1Gi"）',
  ],
  [/^must be a semantic version such as (.+)$/, '必须是语义化版本号，例如 $1'],
  [
    /^must be a string \(quote numbers and booleans in YAML: "8080"\)$/,
    '必须是字符串（YAML 中的数字和布尔值请加引号："8080"）',
  ],
  // the rules between fields
  [
    /^"(.+)" is already the name of (.+): node names must be unique$/,
    '"$1" 已是 $2 的名称：节点名称必须唯一',
  ],
  [
    /^"(.+)" is already the name of (.+): port names must be unique in a node$/,
    '"$1" 已是 $2 的名称：同一节点内端口名称必须唯一',
  ],
  [
    /^dependency cycle (.+): no node of it could be deployed first; remove one of these dependsOn entries$/,
    '依赖环 $1：其中没有节点能先部署；请删除其中一个 dependsOn 条目',
  ],
  [/^a node cannot depend on itself: remove it$/, '节点不能依赖自身：请删除该项'],
  [/^lists "(.+)" twice: remove one$/, '"$1" 列出了两次：请删除一个'],
  [
    /^names no node of this app: "(.+)" does not exist \(nodes: (.+)\)$/,
    '不是本应用的节点："$1" 不存在（节点：$2）',
  ],
  [
    /^references node "(.+)", which does not exist \(nodes: (.+)\)$/,
    '引用的节点 "$1" 不存在（节点：$2）',
  ],
  [
    /^references (\S+), which (\S+) does not depend on: .*$/,
    '引用了 $1，但 $2 并不依赖它：请把 "$1" 加入 dependsOn，使其先部署',
  ],
  [
    /^references parameter "(.+)", which is not declared under parameters.*$/,
    '引用的参数 "$1" 未在 parameters 中声明',
  ],
  [
    /^an exposed port needs serviceType LoadBalancer or a hostPort: .*$/,
    '对外暴露的端口需要 serviceType LoadBalancer 或 hostPort：ClusterIP 只在应用内部可达',
  ],
  [
    /^host port (\d+) is already used by (.+?): .*$/,
    '主机端口 $1 已被 $2 使用：应用中的两个节点不能监听同一个主机端口，请另选一个',
  ],
  [/^is not in the middleware catalog: choose one of (.+)$/, '不在中间件目录中：请从 $1 中选择'],
  [/^not allowed in a patch: (.+)$/, '补丁版本中不允许：$1'],
  [/^not allowed in a patch$/, '补丁版本中不允许'],
  // problem details
  [/^The request has (\d+) problems?: (.+)$/, '请求有 $1 个问题：$2'],
  [/^An? (\w+) named "(.+)" already exists$/, '名为 "$2" 的 $1 已存在'],
  [/^(\w+) "(.+)" not found$/, '未找到 $1 "$2"'],
  [/^Sign in first$/, '请先登录'],
];

const rulesByLanguage: Record<string, Rules> = { zh };

/** `message` of the server in `language` when a rule knows it, else as the server wrote it. */
export function localizeServerText(message: string, language: string): string {
  const rules = rulesByLanguage[language.slice(0, 2)];
  if (!rules) return message;
  for (const [pattern, template] of rules) {
    if (pattern.test(message)) return message.replace(pattern, template);
  }
  return message;
}
