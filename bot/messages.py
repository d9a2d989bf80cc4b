"""Every user-facing string of the bot, in Chinese.

Strings sent to Telegram are HTML (``Defaults(parse_mode=HTML)``): only ``<b>``, ``<i>``,
``<code>`` and escaped text here; ``{placeholders}`` are filled with ``html.escape``d values.
"""

START = (
    "你好！我可以回答关于地方政府工作报告的问题：给出数字、它是什么"
    "（地区 · 年份 · 目标/实绩 · 指标）、原文句子和出处。\n\n"
    "直接发问题给我，例如：<code>{example}</code>\n"
    "在群里请用 <code>/ask 问题</code>、@我，或回复我的消息。\n"
    "/help 查看更多示例，/sources 查看已收录的报告。"
)

HELP = (
    "<b>怎么问</b>\n"
    "写清地区、年份和指标，例如：\n{examples}\n\n"
    "私聊：直接发送问题。\n"
    "群聊：<code>/ask 问题</code>、@我并附上问题，或回复我的消息。\n"
    "行内模式：在任意聊天输入 <code>@{username} 问题</code>。\n\n"
    "/sources 已收录的报告\n"
    "/scorecard 地区 年份：那一年各项目标的完成情况（有下一年的报告时）\n"
    "管理员：私聊发来报告文件（.txt .md .pdf .docx .html）或 <code>/add 网址</code> 添加报告，"
    "/reload 重新加载，/undo 撤销上一次添加"
)

NO_EXAMPLES = "（知识库里暂时没有可用的示例）"

SCORECARD_USAGE = "请在 /scorecard 后面写上地区和年份，例如：<code>/scorecard 某县 2022</code>"
ASK_USAGE = "请在 /ask 后面写上问题，例如：<code>/ask {example}</code>"
MENTION_USAGE = "请在 @我 的同一条消息里写上问题，例如：<code>{example}</code>"
DEFAULT_EXAMPLE = "某县今年GDP目标"

TOO_LONG = "问题太长了（超过 {limit} 个字）。请只写地区、年份和指标，例如：<code>{example}</code>"

EXPIRED_CHOICE = "这个选择已过期，请重新提问。"

INLINE_HINT_TITLE = "输入问题，例如：{example}"
INLINE_HINT_TEXT = "向 @{username} 提问地方政府工作报告里的数字，例如：{example}"
INLINE_TITLE_ALL = "全部结果"
INLINE_TITLE_REGION = "只看{region}"

SOURCES_EMPTY = "知识库里还没有报告。"
SOURCES_UNHEALTHY = "⚠️ {problem}：正在从报告文件夹自动重建，其间的问题会在重建后回答。"

NOT_ADMIN = "抱歉，只有管理员可以重新加载知识库或添加报告。"
RELOAD_IN_PROGRESS = "一个重新加载正在进行，请稍候"
RELOAD_PROGRESS = "正在重新加载：已读 {done}/{total} 个文件……（其间照常回答问题）"
RELOAD_FAILED = "重新加载失败，继续使用原来的知识库。原因：{reason}"

UPLOAD_WRONG_TYPE = "只接受 .txt、.md、.pdf、.docx 或 .html 格式的报告文件（旧版 .doc 请先另存为 .docx）。"
UPLOAD_TOO_BIG = "文件太大（{size_mb} MB），上限是 {limit_mb} MB。"
UPLOAD_REJECTED = "没有保存：{reason}。知识库没有变化。"
UPLOAD_SAVED = "已保存为 <code>{name}</code>（{size_kb:.1f} KB，{region} {year}年报告），开始重新加载……"
UPLOAD_REPLACED = ("已用新文件替换 <code>{name}</code>（{size_kb:.1f} KB，{region} {year}年报告）；"
                   "原来的文件已留存，发送 /undo 可以恢复。开始重新加载……")
UPLOAD_CONFIRM = ("报告文件夹里已有 <code>{name}</code>。用这个新文件（{size_kb:.1f} KB，{region} {year}年报告）"
                  "替换它吗？原来的文件会留存，之后可以 /undo。")
UPLOAD_CONFIRM_YES = "替换"
UPLOAD_CONFIRM_NO = "取消"
UPLOAD_CANCELLED = "已取消：<code>{name}</code> 保持原样，知识库没有变化。"
SEEDS_MISSING = ("报告文件夹 <code>{seeds}</code> 不存在，没有保存（否则知识库会只剩这一份报告）。"
                 "请检查 SEEDS_DIR 设置，或先建好这个文件夹。")
UNDO_NOTHING = "没有可以撤销的添加（上传的文件或 /add 的链接）。"
UNDO_RESTORED = "已恢复添加前的 <code>{name}</code>，开始重新加载……"
UNDO_REMOVED = "已撤下刚添加的 <code>{name}</code>（文件留存在报告文件夹的 .replaced 里），开始重新加载……"
UPLOAD_FAILED = "下载或保存文件失败，知识库没有变化。"
ADD_USAGE = ("请在 /add 后面写上报告的网址（网页、PDF 或 Word），例如："
             "<code>/add https://www.example.gov.cn/art/2024/1/20/art_1.html</code>")
ADD_FETCHING = "正在下载 {url} ……"
ADD_FAILED = "没有添加：{reason}。知识库没有变化。"
ADD_SAME = "报告文件夹里已有相同的文件 <code>{name}</code>（{region} {year}年报告），不用再添加。"
LINK_NOT_ADMIN = "我回答关于政府工作报告的问题；按链接添加报告只限管理员。请直接发问题，例如：<code>{example}</code>"

ERROR = "抱歉，处理这条消息时出错了，请稍后再试。"
ADMIN_ERROR_ALERT = "⚠️ 机器人出错：<code>{error}</code>\n位置：{where}\n（十分钟内的其他错误只记在日志里）"

CONSOLE_NO_TOKEN = (
    "没有设置 TELEGRAM_BOT_TOKEN，进入控制台问答模式。\n"
    "要连接 Telegram：在 Telegram 里找 @BotFather，发送 /newbot，按提示起名，\n"
    "把它给的 token 写进 .env：TELEGRAM_BOT_TOKEN=123456789:AAE...（见 .env.example），再运行 python -m bot。\n"
)
CONSOLE_INTRO = "输入问题并回车，例如：{example}。/help 查看示例，/sources 查看已收录的报告，exit 或 Ctrl-D 退出。"
CONSOLE_PROMPT = "问> "
CONSOLE_HELP_TAIL = "控制台里：/add 网址 按链接添加报告，/reload 重新加载报告文件夹，↑↓ 翻看刚才的问题，exit 退出。"
CONSOLE_UNKNOWN_COMMAND = "没有 /{command} 这个命令。可用：/help /sources /ask 问题 /add 网址 /reload；或者直接输入问题。"
CONSOLE_BYE = "再见。"
CONSOLE_CHART = "（图表已保存：{path}）"
CONSOLE_CHART_FAILED = "（图表没能保存：{error}）"
CONSOLE_EXIT_WORDS = frozenset({"exit", "quit", "退出", "q"})

BOT_USAGE = (
    "用法：python -m bot            运行机器人（没有 TELEGRAM_BOT_TOKEN 时进入控制台问答）\n"
    "      python -m bot --check    检查知识库是否完好：正常时退出码 0，否则 1 并说明原因"
)
CHECK_OK = "正常：{documents} 份报告，{indicators} 个指标（{built_at} 构建）；待回答的消息 {pending} 条。"
CHECK_NO_KB = "知识库 {kb_path} 不存在（机器人启动时会从 SEEDS_DIR 构建）。"
CHECK_FAILED = "知识库有问题：{problem}"
STARTUP_SETTINGS_ERROR = "配置错误：{error}"
STARTUP_TOKEN_REJECTED = "Telegram 拒绝了 TELEGRAM_BOT_TOKEN（401 Unauthorized）：请向 @BotFather 核对 token 后再启动。"
STARTUP_UNREACHABLE = "无法连接 Telegram API（{url}）：{reason}。{delay} 秒后重试（Ctrl-C 或 SIGTERM 退出）。"
STARTUP_API_ERROR = "Telegram API 返回错误，无法启动：{error}"
STARTUP_KB_ERROR = "无法打开或建立知识库（KB_PATH={kb_path}，SEEDS_DIR={seeds_dir}）：{error}"

COMMANDS = (  # the menu everyone sees
    ("start", "开始使用"),
    ("help", "怎么提问 + 示例"),
    ("ask", "提问，例如 /ask 某县今年GDP目标"),
    ("sources", "已收录的报告"),
    ("scorecard", "某年目标完成情况，例如 /scorecard 某县 2022"),
)
ADMIN_COMMANDS = COMMANDS + (  # the menu of an admin's private chat with the bot
    ("add", "按链接添加报告，例如 /add https://…"),
    ("reload", "重新加载知识库"),
    ("undo", "撤销上一次添加"),
)

TEXT_ONLY = "我只能回答文字问题，例如：<code>{example}</code>"
