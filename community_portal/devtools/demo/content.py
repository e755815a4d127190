"""All demo content of the "3+2+X" plan: venues and spaces, grids and their stairwells,
alliances, teams, demo accounts and the activity schedule. Data only (Chinese, not
gettext); ``loader`` writes it and ``dates`` turns the schedule rules into dates."""

from dataclasses import dataclass

from activities.models import Audience
from community_portal.permissions import Role
from grids.models import GridContent
from venues.models import Venue
from volunteers.models import Strand

DEMO_PASSWORD = "demo-2026"  # noqa: S105 - printed on purpose, local demo only

# --- 3 culture venues -------------------------------------------------------------

VENUES = [
    {
        "slug": "yue-cube",
        "name": "“悦立方”文化家园",
        "address": "XX花园社区 社区服务中心",
        "office_phone": "0571-8888 1001",
        "kind": Venue.Kind.CULTURE_HOME,
        "summary": "连点成片的社区文化家园：休闲、展览、阅读、养老、才艺和运动六个场所，出家门几步就到。",
        "description": (
            "“悦立方”文化家园把邻里中心休闲场所“悦荟区”、社区文化展厅“悦丰馆”、图书室“博悦舍”、"
            "社区居家养老活动中心“悦享堂”、社区居民才艺成果展厅“悦珍阁”和社区乒乓球室“悦健室”连点成片，"
            "让居民在多姿多彩、喜闻乐见的文化活动中获得精神滋养、增强精神力量。\n"
            "这里常年开展科学理论、文明道德和历史文化宣传，欢迎街坊邻居常来坐坐。"
        ),
        "colour": "#d35400",
        "motif": "buildings",
    },
    {
        "slug": "talk-corridor",
        "address": "XX花园社区 说事长廊",
        "office_phone": "0571-8888 1002",
        "name": "说事长廊",
        "kind": Venue.Kind.TALK_CORRIDOR,
        "summary": "有事来说、有事好商量：居民说事、议事、评事的长廊。",
        "description": (
            "说事长廊位于社区中心花园旁。居民可以在这里提出身边的大事小情，"
            "社区工作人员、网格员和居民代表一起商量解决，办理结果在长廊公示。\n"
            "每月第三个周二晚上举行居民议事会，众人的事情由众人商量。"
        ),
        "colour": "#16a085",
        "motif": "hands",
    },
    {
        "slug": "culture-grids",
        "address": "XX花园社区 社区服务中心",
        "office_phone": "0571-8888 1003",
        "name": "文化网格",
        "kind": Venue.Kind.CULTURE_GRIDS,
        "summary": "26幢居民楼划分为9个网格，以“悦文化”为主体打造9个主题楼道及道路。",
        "description": (
            "社区将26幢居民楼划分为9个网格，提炼了悦廉、悦家、悦善、悦居、悦邻、悦才、悦享、悦孝、悦为"
            "9个主题楼道及道路，分门别类展示家风家训、社会贡献、党建以及和谐家庭等内容，"
            "并宣传社区文明公约和文明宣传画，在社区形成一道道文明风景线。"
        ),
        "colour": "#2e86c1",
        "motif": "buildings",
    },
]

SPACES = [
    {
        "name": "悦荟区",
        "purpose": "邻里中心休闲场所",
        "description": "宽敞明亮的邻里客厅，有茶水、报刊和棋牌桌，节日联欢、便民服务和集市都在这里举行。",
        "opening_hours": "每天 8:00–20:00",
        "capacity": 80,
        "location": "攸品邻里中心一楼东侧",
        "colour": "#e67e22",
        "motif": "confetti",
        "photos": ["邻里客厅一角", "节日联欢现场"],
    },
    {
        "name": "悦丰馆",
        "purpose": "社区文化展厅",
        "description": "展示社区发展历程、好人好事和文明实践成果，也是道德讲堂和讲座的主会场。",
        "opening_hours": "周二至周日 9:00–17:00（周一闭馆）",
        "capacity": 60,
        "location": "社区服务中心二楼",
        "colour": "#c0392b",
        "motif": "sun",
        "photos": ["社区发展历程展墙"],
    },
    {
        "name": "博悦舍",
        "purpose": "图书室",
        "description": "藏书八千余册，设少儿阅读角和老年大字书架，可免费借阅，假日学校和亲子阅读在这里开展。",
        "opening_hours": "周二至周日 8:30–11:30，13:30–20:00",
        "capacity": 40,
        "location": "社区服务中心二楼西侧",
        "colour": "#2874a6",
        "motif": "books",
        "photos": ["少儿阅读角", "大字书架"],
    },
    {
        "name": "悦享堂",
        "purpose": "社区居家养老活动中心",
        "description": "为老年人提供助餐、健康监测、文娱活动和日间休息，悦寿宴和健康课堂在这里举办。",
        "opening_hours": "每天 8:00–17:00，助餐 11:00–12:30",
        "capacity": 50,
        "location": "社区服务中心一楼",
        "colour": "#b9770e",
        "motif": "hands",
        "photos": ["老年助餐点"],
    },
    {
        "name": "悦珍阁",
        "purpose": "社区居民才艺成果展厅",
        "description": "展出居民的书画、剪纸、绒花、旧物改造等才艺作品，作品每季度更换一次。",
        "opening_hours": "周二至周日 9:00–17:00",
        "capacity": 40,
        "location": "社区服务中心三楼",
        "colour": "#7d3c98",
        "motif": "brush",
        "photos": ["居民书画作品展"],
    },
    {
        "name": "悦健室",
        "purpose": "社区乒乓球室",
        "description": "四张标准球台，免费向居民开放，可预约；乒乓工作室每月在这里举办交流赛。",
        "opening_hours": "每天 7:00–21:00",
        "capacity": 16,
        "location": "社区服务中心一楼北侧",
        "colour": "#1e8449",
        "motif": "table_tennis",
        "photos": ["标准球台"],
    },
]

# How each space of 悦立方 takes bookings (the booking page /spaces/<slug>/book/).
SPACE_BOOKING = {
    "悦荟区": {
        "slug": "yuehui",
        "booking_mode": "approval",
        "opens_at": "08:00",
        "closes_at": "20:00",
        "open_weekdays": "1234567",
        "slot_minutes": 60,
        "max_slots": 3,
        "booking_capacity": 1,
        "days_ahead": 21,
        "booking_rules": "邻里聚会、生日会、兴趣小组活动可预约，社区工作人员审核后确认；请保持整洁，离开时关灯。",
    },
    "悦丰馆": {
        "slug": "yuefeng",
        "booking_mode": "approval",
        "opens_at": "09:00",
        "closes_at": "17:00",
        "open_weekdays": "234567",
        "slot_minutes": 60,
        "max_slots": 4,
        "booking_capacity": 1,
        "days_ahead": 30,
        "booking_rules": "讲座、道德讲堂和团体参观可预约，需工作人员审核；周一闭馆。",
    },
    "博悦舍": {
        "slug": "boyue",
        "booking_mode": "instant",
        "opens_at": "13:30",
        "closes_at": "20:00",
        "open_weekdays": "234567",
        "slot_minutes": 30,
        "max_slots": 4,
        "booking_capacity": 6,
        "days_ahead": 7,
        "booking_rules": "预约阅览座位，共六个；保持安静，图书借阅请到服务台登记。",
    },
    "悦享堂": {
        "slug": "yuexiang",
        "booking_mode": "approval",
        "opens_at": "14:00",
        "closes_at": "17:00",
        "open_weekdays": "12345",
        "slot_minutes": 60,
        "max_slots": 2,
        "booking_capacity": 1,
        "days_ahead": 14,
        "booking_rules": "午后可预约开展老年人文娱活动；上午为助餐和日间照料时间，不接受预约。",
    },
    "悦珍阁": {
        "slug": "yuezhen",
        "booking_mode": "approval",
        "opens_at": "09:00",
        "closes_at": "17:00",
        "open_weekdays": "234567",
        "slot_minutes": 60,
        "max_slots": 2,
        "booking_capacity": 1,
        "days_ahead": 30,
        "booking_rules": "才艺工作室的创作交流和团体观展可预约，需工作人员审核。",
    },
    "悦健室": {
        "slug": "yuejian",
        "booking_mode": "instant",
        "opens_at": "07:00",
        "closes_at": "21:00",
        "open_weekdays": "1234567",
        "slot_minutes": 60,
        "max_slots": 2,
        "booking_capacity": 4,
        "days_ahead": 7,
        "booking_rules": "四张球台，每次预约一张，最长两小时，即约即用；请穿运动鞋，爱护球台。",
    },
}

# --- culture grids ----------------------------------------------------------------

# The grid workers of grids 2–9 (grid 1's is the ``gridworker`` account): a name and
# a phone on the grid's page, to call with one tap. They do not sign in.
GRID_WORKERS = {
    2: ("钱建平", "13857402002"),
    3: ("孙秀梅", "13857402003"),
    4: ("李国华", "13857402004"),
    5: ("周晓燕", "13857402005"),
    6: ("吴志刚", "13857402006"),
    7: ("郑红梅", "13857402007"),
    8: ("王海涛", "13857402008"),
    9: ("冯玉珍", "13857402009"),
}

GRIDS = [
    {
        "number": 1,
        "theme": "悦廉",
        "theme_meaning": "崇廉尚洁",
        "slogan": "清白做人，干净做事，廉洁之风进楼道",
        "stairwell": "悦廉楼道",
        "colour": "#1f618d",
        "motif": "leaves",
    },
    {
        "number": 2,
        "theme": "悦家",
        "theme_meaning": "好家风好家教",
        "slogan": "好家风代代相传，好家教润物无声",
        "stairwell": "悦家楼道",
        "colour": "#c0392b",
        "motif": "hearts",
    },
    {
        "number": 3,
        "theme": "悦善",
        "theme_meaning": "与人为善",
        "slogan": "日行一善，善行邻里",
        "stairwell": "悦善楼道",
        "colour": "#d68910",
        "motif": "hands",
    },
    {
        "number": 4,
        "theme": "悦居",
        "theme_meaning": "宜居家园",
        "slogan": "人人爱家园，处处见文明",
        "stairwell": "悦居楼道",
        "colour": "#229954",
        "motif": "buildings",
    },
    {
        "number": 5,
        "theme": "悦邻",
        "theme_meaning": "邻里和睦",
        "slogan": "远亲不如近邻，邻里守望相助",
        "stairwell": "悦邻楼道",
        "colour": "#ca6f1e",
        "motif": "confetti",
    },
    {
        "number": 6,
        "theme": "悦才",
        "theme_meaning": "能人达人",
        "slogan": "人人有才艺，处处展风采",
        "stairwell": "悦才楼道",
        "colour": "#7d3c98",
        "motif": "brush",
    },
    {
        "number": 7,
        "theme": "悦享",
        "theme_meaning": "共建共享",
        "slogan": "共建美好社区，共享幸福生活",
        "stairwell": "悦享楼道",
        "colour": "#17a589",
        "motif": "books",
    },
    {
        "number": 8,
        "theme": "悦孝",
        "theme_meaning": "孝老爱亲",
        "slogan": "百善孝为先，敬老传家风",
        "stairwell": "悦孝楼道",
        "colour": "#a04000",
        "motif": "sun",
    },
    {
        "number": 9,
        "theme": "悦为",
        "theme_meaning": "奉献有为",
        "slogan": "志愿服务我先行，奉献有为显担当",
        "stairwell": "悦为路",
        "colour": "#b03a2e",
        "motif": "waves",
    },
]


def grid_of_building(number: int) -> int:
    """26 buildings in 9 grids: three each in grids 1–8, the last two in grid 9."""
    return min((number - 1) // 3 + 1, 9)


BUILDING_NUMBERS = range(1, 27)


def households_of_building(number: int) -> int:
    return 24 + (number * 7) % 4 * 6


K = GridContent.Kind
GRID_CONTENTS = {
    1: [
        (
            K.FAMILY_TRADITION,
            "清白传家",
            "“清清白白做人，踏踏实实做事”是王家三代人的家训。王伯伯在税务所工作了三十年，从不收人一针一线；如今他把这句话写成书法挂在客厅，也讲给孙辈听。",
        ),
        (
            K.SOCIAL_CONTRIBUTION,
            "廉洁故事会",
            "退休纪检干部陈老师每月在悦廉楼道讲一次“廉洁小故事”，三年讲了四十多场。居民说：听故事，也照镜子。",
        ),
        (
            K.PARTY_BUILDING,
            "党员亮身份 廉洁作表率",
            "网格内12户党员家庭在门口挂出“党员户”标识，带头签订廉洁家庭承诺书，不办无原则的人情事，不收不该收的礼。",
        ),
        (
            K.HARMONIOUS_FAMILY,
            "勤俭节约好家庭",
            "李阿姨一家坚持光盘、旧衣改造和节水节电，被评为街道“勤俭节约好家庭”。她说：日子是过出来的，不是比出来的。",
        ),
    ],
    2: [
        (
            K.FAMILY_TRADITION,
            "家和万事兴",
            "张家的家训只有五个字：家和万事兴。逢年过节全家二十多口人团聚，晚辈轮流讲一年里做过的一件好事，成了张家最热闹的“家庭会”。",
        ),
        (
            K.SOCIAL_CONTRIBUTION,
            "家门口的调解员",
            "退休教师刘阿姨热心调解邻里纠纷，从漏水到停车，大事小情她都愿意上门聊一聊，三年来调解纠纷六十余起。",
        ),
        (
            K.PARTY_BUILDING,
            "红色家书传家风",
            "网格党小组开展“读红色家书、写我家家书”活动，二十多户家庭写下自己的家书，在悦家楼道展出。",
        ),
        (
            K.HARMONIOUS_FAMILY,
            "五好家庭：赵家",
            "赵先生夫妇照顾卧床的母亲十余年，儿子上了大学也常回来给奶奶读报。邻居们说，这个家里有光。",
        ),
    ],
    3: [
        (
            K.FAMILY_TRADITION,
            "勿以善小而不为",
            "孙家把“勿以善小而不为”写进家训，全家每年一起参加两次无偿献血或公益活动，孩子从小跟着做。",
        ),
        (
            K.SOCIAL_CONTRIBUTION,
            "爱心衣物角",
            "悦善楼道设有爱心衣物角，居民把洗净叠好的冬衣放进来，由志愿者统一送往结对帮扶地区，去年送出衣物三百余件。",
        ),
        (
            K.PARTY_BUILDING,
            "党员结对帮困",
            "网格党员与6户困难家庭结对，逢节必访、有难必帮，帮助解决就医、就业等实际困难。",
        ),
        (
            K.HARMONIOUS_FAMILY,
            "助人为乐的一家",
            "周师傅一家三口都是注册志愿者，周末常一起去敬老院陪老人聊天，女儿还把压岁钱捐给了山区小学。",
        ),
    ],
    4: [
        (
            K.FAMILY_TRADITION,
            "一屋不扫 何以扫天下",
            "吴家的家训从自家门口做起：孩子每天出门前把楼道台阶扫一遍，一扫就是五年。",
        ),
        (
            K.SOCIAL_CONTRIBUTION,
            "楼道美化达人",
            "退休美术老师郑阿姨带着邻居给楼道墙面画上花鸟，又牵头清理楼道堆物，悦居楼道从此清爽又好看。",
        ),
        (
            K.PARTY_BUILDING,
            "党员楼道长",
            "每个单元由一名党员担任楼道长，收集诉求、提醒安全、协调维修，做到小事不出楼道。",
        ),
        (
            K.HARMONIOUS_FAMILY,
            "绿色低碳家庭",
            "冯家阳台种满绿植，垃圾分类做到“四分”，还用厨余沤肥养花，被评为社区“绿色家庭”。",
        ),
    ],
    5: [
        (
            K.FAMILY_TRADITION,
            "邻居就是半个家",
            "何奶奶常说：“邻居就是半个家。”谁家临时有事，孩子可以先到何家吃饭、写作业。",
        ),
        (
            K.SOCIAL_CONTRIBUTION,
            "邻里互助小组",
            "悦邻网格的互助小组为独居老人代买药品、代缴费用，为上班族代收快递，一年服务四百余次。",
        ),
        (
            K.PARTY_BUILDING,
            "党建引领 邻里守望",
            "网格党支部组织“邻里守望”行动，党员每天看一看楼道消防通道和独居老人家的门窗。",
        ),
        (
            K.HARMONIOUS_FAMILY,
            "好邻居许妈妈",
            "许阿姨每年包粽子、做汤圆分给全楼邻居，二十多年如一日，大家都叫她“许妈妈”。",
        ),
    ],
    6: [
        (
            K.FAMILY_TRADITION,
            "多读书 读好书",
            "曹家三代都是教师，家训是“多读书、读好书”。每到暑假，曹老师在家里为邻居孩子免费辅导作业。",
        ),
        (
            K.SOCIAL_CONTRIBUTION,
            "才艺进悦珍阁",
            "网格里的剪纸、绒花、书法达人把作品送进悦珍阁展出，还开课把手艺教给孩子们。",
        ),
        (
            K.PARTY_BUILDING,
            "党员能人带头秀",
            "退休党员严师傅拉得一手好二胡，组建了“悦才”民乐小队，逢年过节义务为居民演出。",
        ),
        (
            K.HARMONIOUS_FAMILY,
            "书香家庭：金家",
            "金家藏书两千余册，每月办一次家庭读书会，还把闲置图书捐给了博悦舍。",
        ),
    ],
    7: [
        (
            K.FAMILY_TRADITION,
            "好东西大家分享",
            "魏家的家训是“好东西要大家一起分享”。自家种的蔬菜、做的点心，总要给邻居送去一份。",
        ),
        (
            K.SOCIAL_CONTRIBUTION,
            "共享工具箱",
            "悦享楼道设有共享工具箱，电钻、梯子、打气筒登记即借、用完归还，一年借出两百余次。",
        ),
        (
            K.PARTY_BUILDING,
            "大家的事大家议",
            "网格党小组每季度召开一次议事会，请居民共商楼道改造、停车管理等事项。",
        ),
        (
            K.HARMONIOUS_FAMILY,
            "图书漂流家庭",
            "蒋家发起“图书漂流”，把读过的书放上楼道书架，邻居自由借阅，书架从此越来越满。",
        ),
    ],
    8: [
        (
            K.FAMILY_TRADITION,
            "百善孝为先",
            "沈家的家训是“百善孝为先”。沈先生每天下班第一件事，是去楼上陪九十岁的母亲说说话。",
        ),
        (
            K.SOCIAL_CONTRIBUTION,
            "银龄互助队",
            "低龄老人照顾高龄老人：悦孝网格的银龄互助队每周上门陪伴独居老人，量血压、聊家常。",
        ),
        (
            K.PARTY_BUILDING,
            "党员敬老服务队",
            "网格党员每月为80岁以上老人理发、打扫卫生，逢生日送上一碗长寿面。",
        ),
        (
            K.HARMONIOUS_FAMILY,
            "孝老爱亲：韩阿姨",
            "韩阿姨照顾患病的公婆十五年，无怨无悔，被评为区“孝老爱亲模范”。",
        ),
    ],
    9: [
        (
            K.FAMILY_TRADITION,
            "为人民服务",
            "退伍军人杨老伯把“为人民服务”当作家训，八十岁了仍坚持每天看一看悦为路的路灯和窨井盖。",
        ),
        (
            K.SOCIAL_CONTRIBUTION,
            "悦为路志愿服务站",
            "悦为路上的志愿服务站提供问路指引、爱心雨伞、应急药箱，由志愿者轮流值守。",
        ),
        (
            K.PARTY_BUILDING,
            "党员先锋岗",
            "网格党员在悦为路设立“党员先锋岗”，在垃圾分类、平安巡防中冲在前面。",
        ),
        (
            K.HARMONIOUS_FAMILY,
            "志愿者之家：朱家",
            "朱家四口都是“悦公益”志愿者，累计服务时长超过两千小时，被评为社区“最美志愿家庭”。",
        ),
    ],
}
del K

CONVENTION_ARTICLES = [
    "热爱祖国，热爱家园，遵纪守法，崇尚科学。",
    "尊老爱幼，孝敬父母，夫妻和睦，邻里互助。",
    "爱护环境，垃圾分类，不乱扔乱倒，不高空抛物。",
    "文明养犬，牵绳出行，及时清理宠物粪便。",
    "规范停车，不占消防通道，楼道不堆放杂物。",
    "诚实守信，文明用语，礼让他人，排队守序。",
    "勤俭节约，光盘行动，节水节电，绿色出行。",
    "崇德向善，踊跃参加志愿服务，共建共享美好家园。",
]

# (title, colour, motif, grid number or None for every grid)
POSTERS = [
    ("垃圾分类 从我做起", "#27ae60", "recycle", None),
    ("光盘行动 文明餐桌", "#e67e22", "sun", None),
    ("邻里守望 平安社区", "#2e86c1", "buildings", None),
    ("节水护水 五水共治", "#138d75", "waves", None),
    ("百善孝为先", "#a04000", "hearts", 8),
]

# --- 2 partner alliances ----------------------------------------------------------

ALLIANCES = [
    {
        "slug": "youpin",
        "name": "攸品邻里中心",
        "summary": "市首家示范邻里中心：社区居民的生活圈，诚信街区和攸品松年学堂都在这里。",
        "description": (
            "攸品邻里中心是全市首家示范邻里中心。社区结合诚信街区建设，与商户开展诚信经营、"
            "文明餐桌等“文明XX”系列行动，普及诚实守信观念，倡导绿色节约的生活理念；"
            "中心内的攸品松年学堂是市首家民办老年大学分校，是社区理论宣讲和教育服务的平台。"
        ),
        "address": "XX街道XX路攸品邻里中心",
        "colour": "#ba4a00",
        "motif": "buildings",
    },
    {
        "slug": "depei",
        "name": "德培幼儿园",
        "summary": "“家园社”联动：以“一个孩子带动一户家庭”推动社区垃圾分类。",
        "description": (
            "社区与德培幼儿园开展“家园社”联动，共建创意无限工作室进行废旧物品改造，"
            "以“一个孩子带动一户家庭”推动垃圾分类。社区在攸品物业服务中心设置的废旧物品回收"
            "及旧物改造成果展示区，以直观的参与体验，不断提高居民生活垃圾分类的知晓率和参与率。"
        ),
        "address": "XX花园社区德培幼儿园",
        "colour": "#28b463",
        "motif": "recycle",
    },
]

PROGRAMMES = [
    {
        "alliance": "youpin",
        "name": "诚信街区",
        "summary": "邻里中心商户共建诚信街区，开展诚信经营、文明餐桌等“文明XX”系列行动。",
        "description": "商户亮出诚信承诺、明码标价、足斤足两；餐饮店提供公筷公勺、提倡光盘。居民可以在说事长廊反映经营中的问题。",
        "location": "攸品邻里中心商业街",
        "colour": "#d4ac0d",
        "motif": "hands",
    },
    {
        "alliance": "youpin",
        "name": "攸品松年学堂",
        "summary": "市首家民办老年大学分校：理论宣讲和教育服务平台。",
        "description": "开设时政理论、健康养生、书画、智能手机等课程，每月举办一次面向全体居民的理论宣讲。",
        "location": "攸品邻里中心三楼",
        "colour": "#884ea0",
        "motif": "books",
    },
    {
        "alliance": "depei",
        "name": "创意无限工作室",
        "summary": "孩子和家长一起把废旧物品变成创意作品。",
        "description": "纸箱、瓶罐、旧衣物在老师和志愿者的带领下变成玩具、花器和装饰画，优秀作品在成果展示区展出。",
        "location": "德培幼儿园",
        "colour": "#f39c12",
        "motif": "recycle",
    },
    {
        "alliance": "depei",
        "name": "“一个孩子带动一户家庭”垃圾分类",
        "summary": "孩子在园学分类，回家带着全家一起分。",
        "description": "幼儿园把垃圾分类编成儿歌和游戏，孩子回家当“家庭分类督导员”，社区定期统计参与家庭，提升知晓率和参与率。",
        "location": "德培幼儿园及社区各网格",
        "colour": "#27ae60",
        "motif": "recycle",
    },
    {
        "alliance": "depei",
        "name": "废旧物品回收及旧物改造成果展示区",
        "summary": "废旧物品回收点和旧物改造作品展示，一看就懂、一来就会。",
        "description": "居民可将废纸、旧衣、塑料瓶等可回收物送到这里，同时参观孩子和家长的旧物改造作品。",
        "location": "攸品物业服务中心",
        "colour": "#1abc9c",
        "motif": "recycle",
    },
]

PLEDGES = [
    ("诚信经营", "明码标价、足斤足两、童叟无欺。"),
    ("文明餐桌", "提供公筷公勺，提倡光盘行动、按需点餐。"),
    ("绿色节约", "少用一次性用品，节水节电，鼓励自带购物袋。"),
]

# (name, business, location, pledges)
MERCHANTS = [
    (
        "攸品手擀面馆",
        "面馆",
        "攸品邻里中心一楼 101",
        ["诚信经营", "文明餐桌", "绿色节约"],
    ),
    ("鲜果时光水果店", "水果店", "攸品邻里中心一楼 105", ["诚信经营", "绿色节约"]),
    ("康宁大药房", "药店", "攸品邻里中心一楼 108", ["诚信经营"]),
    ("悦剪理发店", "理发店", "攸品邻里中心二楼 203", ["诚信经营"]),
    ("邻家便利店", "便利店", "攸品邻里中心一楼 102", ["诚信经营", "绿色节约"]),
    ("好味早餐铺", "早餐店", "攸品邻里中心一楼 110", ["诚信经营", "文明餐桌"]),
    ("巧手裁缝铺", "裁缝修补", "攸品邻里中心二楼 206", ["诚信经营", "绿色节约"]),
    ("绿野鲜花店", "花店", "攸品邻里中心一楼 112", ["诚信经营"]),
]

# --- X project teams --------------------------------------------------------------

TEAMS = [
    {
        "slug": "our-festivals",
        "name": "“我们的节日”传统文化队",
        "strand": Strand.TRADITIONAL_CULTURE,
        "summary": "以传统节日为契机，办好春节、元宵、清明、端午、七夕、中秋、重阳等节日活动。",
        "colour": "#c0392b",
        "motif": "lanterns",
    },
    {
        "slug": "happy-neighbours",
        "name": "幸福邻里“家”年华",
        "strand": Strand.MODERN_IDEAS,
        "summary": "科普宣传、健康讲座、惠民服务，还有厨艺大比拼和最美庭院、最美家庭评选。",
        "colour": "#e67e22",
        "motif": "confetti",
    },
    {
        "slug": "calligraphy-studio",
        "name": "XXX书画工作室",
        "strand": Strand.TALENT_STUDIO,
        "summary": "社区书画达人领衔，以书会友、以画传情，每月一次书画雅集。",
        "colour": "#6c3483",
        "motif": "brush",
    },
    {
        "slug": "ping-pong-studio",
        "name": "XXX乒乓工作室",
        "strand": Strand.TALENT_STUDIO,
        "summary": "在悦健室切磋球技、强身健体，每月举办乒乓球交流赛。",
        "colour": "#1e8449",
        "motif": "table_tennis",
    },
    {
        "slug": "yue-volunteers",
        "name": "“悦公益”志愿联盟",
        "strand": Strand.VOLUNTEERING,
        "summary": "“跨群体+跨组织”的“1+X”志愿联盟：春学雷锋、夏送清凉、秋慰老人、冬暖困难群体。",
        "colour": "#cb4335",
        "motif": "hands",
        "leader": "leader",
    },
    {
        "slug": "yong-opera",
        "name": "社区甬剧团",
        "strand": Strand.TRADITIONAL_CULTURE,
        "summary": "爱唱甬剧的街坊组成的剧团，每月排练，节日登台。",
        "colour": "#a93226",
        "motif": "waves",
    },
    {
        "slug": "holiday-school",
        "name": "假日学校",
        "strand": Strand.VOLUNTEERING,
        "summary": "周末和寒暑假，志愿者老师带孩子们读书、做手工、学安全知识。",
        "colour": "#2874a6",
        "motif": "books",
    },
    {
        "slug": "moral-lecture-hall",
        "name": "道德讲堂",
        "strand": Strand.VOLUNTEERING,
        "summary": "唱一首歌、看一个短片、讲一个故事、诵一段经典、发一个善心。",
        "colour": "#b7950b",
        "motif": "sun",
    },
    {
        "slug": "health-classroom",
        "name": "健康课堂",
        "strand": Strand.VOLUNTEERING,
        "summary": "社区卫生服务站医生每月开讲，慢病防治、合理用药、科学饮食。",
        "colour": "#148f77",
        "motif": "hearts",
    },
    {
        "slug": "aixiaoya",
        "name": "“爱小丫”公益课",
        "strand": Strand.VOLUNTEERING,
        "summary": "面向社区小学生的公益兴趣课：手工、绘画、安全教育。",
        "colour": "#d98880",
        "motif": "confetti",
    },
    {
        "slug": "firefly-reading",
        "name": "荧火光亲子阅读",
        "strand": Strand.VOLUNTEERING,
        "summary": "每月一次亲子共读，点亮孩子的阅读之光。",
        "colour": "#f4d03f",
        "motif": "books",
    },
    {
        "slug": "clean-up",
        "name": "清爽行动队",
        "strand": Strand.VOLUNTEERING,
        "summary": "每月最后一个周六清理楼道堆物和卫生死角，让家园清清爽爽。",
        "colour": "#229954",
        "motif": "leaves",
    },
    {
        "slug": "convenience-services",
        "name": "便民服务队",
        "strand": Strand.VOLUNTEERING,
        "summary": "每月15日义务理发、量血压、磨剪刀、修小家电。",
        "colour": "#2e86c1",
        "motif": "hands",
    },
    {
        "slug": "songnian-lecturers",
        "name": "攸品松年学堂宣讲团",
        "strand": Strand.MODERN_IDEAS,
        "summary": "依托市首家民办老年大学分校，开展科学理论宣讲和老年教育服务。",
        "colour": "#884ea0",
        "motif": "books",
        "alliance": "youpin",
    },
    {
        "slug": "infinite-creativity",
        "name": "创意无限工作室",
        "strand": Strand.MODERN_IDEAS,
        "summary": "与德培幼儿园共建，带领亲子家庭把废旧物品改造成创意作品。",
        "colour": "#f39c12",
        "motif": "recycle",
        "alliance": "depei",
    },
    {
        "slug": "garbage-sorting-families",
        "name": "“一个孩子带动一户家庭”垃圾分类宣传队",
        "strand": Strand.MODERN_IDEAS,
        "summary": "小手拉大手，孩子们带着家人走进网格宣传垃圾分类。",
        "colour": "#27ae60",
        "motif": "recycle",
        "alliance": "depei",
    },
]

# --- demo accounts ------------------------------------------------------------------

# username, name, role label for the printed table, group, extra fields
ACCOUNTS = [
    (
        "admin",
        "系统管理员",
        "superuser",
        None,
        {"is_staff": True, "is_superuser": True},
    ),
    ("staff", "王主任", "community staff", Role.STAFF, {"is_staff": True}),
    ("leader", "李悦", "team leader (“悦公益”志愿联盟)", Role.TEAM_LEADER, {}),
    (
        "gridworker",
        "赵丽华",
        "grid worker (grid 1)",
        Role.GRID_WORKER,
        {"phone": "13857402001"},
    ),
    (
        "resident",
        "张小明",
        "resident",
        None,
        {"phone": "13857401234", "birth_year": 1985, "building": 5},
    ),
    (
        "volunteer",
        "陈志远",
        "volunteer (resident)",
        None,
        {"phone": "13957405678", "birth_year": 1992, "building": 25},
    ),
    (
        "elder",
        "周桂英",
        "elderly resident (born 1940)",
        None,
        {
            "phone": "13605749876",
            "birth_year": 1940,
            "birth_month": 11,
            "building": 22,
        },
    ),
    (
        "daughter",
        "周丽华",
        "the elder's daughter: manages their household (户) and signs her mother up",
        None,
        {"phone": "13805741122", "birth_year": 1968, "building": 22},
    ),
]

# --- the activity schedule ----------------------------------------------------------

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@dataclass(frozen=True)
class Series:
    """One kind of activity and when it happens.

    ``rule`` is one of
    ``("festival", name)`` – on the festival's date, this year (and next year's when
    it falls within the window);
    ``("annual", month, day)`` – the same, for a fixed date;
    ``("quarterly", month_of_quarter, weekday, n)`` – every quarter the window touches;
    ``("monthly", weekday, n)`` or ``("monthly_day", day)`` – every month, within the
    window.
    ``title`` may use {year}, {month} and {quarter} (一 … 四).
    """

    key: str
    title: str
    rule: tuple
    start: str
    minutes: int
    strand: str
    summary: str
    description: str
    motif: str
    team: str | None = None
    alliance: str | None = None
    venue: str | None = None
    space: str | None = None
    grid: int | str | None = None  # a number, or "rotate": a different grid each month
    location: str = ""
    audience: str = Audience.EVERYONE
    capacity: int | None = None
    campaigns: tuple[str, ...] = ()
    min_age: int | None = None
    max_companions: int = 0
    # Occurrences in these months are cancelled (weather), so the demo shows one.
    cancelled_months: tuple[int, ...] = ()
    # Occurrences planned more than six weeks ahead start as drafts.
    drafts_ahead: bool = False
    colour: str | None = None  # the team's colour when empty


FESTIVAL_SERIES = [
    Series(
        key="spring-festival",
        title="{year}年春节·“我们的节日”新春团拜会",
        rule=("festival", "春节"),
        start="09:30",
        minutes=120,
        strand=Strand.TRADITIONAL_CULTURE,
        team="our-festivals",
        venue="yue-cube",
        space="悦荟区",
        capacity=80,
        campaigns=("civilization",),
        summary="写春联、送福字、包饺子，邻里欢聚迎新春。",
        description="书画工作室的老师现场写春联、送福字，志愿者和居民一起包饺子，社区甬剧团带来新春戏曲联唱。欢迎带上家人一起来拜个早年。",
        motif="lanterns",
    ),
    Series(
        key="lantern-festival",
        title="{year}年元宵节·猜灯谜闹元宵",
        rule=("festival", "元宵"),
        start="18:30",
        minutes=120,
        strand=Strand.TRADITIONAL_CULTURE,
        team="our-festivals",
        venue="yue-cube",
        space="悦荟区",
        capacity=100,
        campaigns=("civilization", "safety"),
        summary="赏花灯、猜灯谜、煮汤圆，灯谜里还有平安知识。",
        description="悦荟区挂起百余条灯谜，内容涵盖传统文化、文明公约和防诈骗知识，猜中可领小礼品；现场提供热汤圆。",
        motif="lanterns",
    ),
    Series(
        key="qingming",
        title="{year}年清明·“缅怀先烈 文明祭扫”主题活动",
        rule=("festival", "清明"),
        start="09:00",
        minutes=120,
        strand=Strand.TRADITIONAL_CULTURE,
        team="our-festivals",
        venue="yue-cube",
        space="悦丰馆",
        capacity=60,
        campaigns=("civilization",),
        summary="讲英烈故事、做纸质小白花，倡导文明低碳祭扫。",
        description="在悦丰馆聆听老党员讲述革命先烈故事，制作小白花寄托哀思，并签名承诺文明祭扫、鲜花祭扫、网络祭扫。",
        motif="leaves",
    ),
    Series(
        key="dragon-boat",
        title="{year}年端午节·包粽子 话端午",
        rule=("festival", "端午"),
        start="09:00",
        minutes=150,
        strand=Strand.TRADITIONAL_CULTURE,
        team="our-festivals",
        venue="yue-cube",
        space="悦享堂",
        capacity=50,
        campaigns=("civilization",),
        summary="老少同包粽子、挂艾草、做香囊，包好的粽子送给独居老人。",
        description="巧手阿姨现场教包粽子，孩子们学做香囊、听屈原的故事。部分粽子由志愿者送到独居和高龄老人家中。",
        motif="waves",
    ),
    Series(
        key="qixi",
        title="{year}年七夕·“家和万事兴”夫妻情感沙龙",
        rule=("festival", "七夕"),
        start="19:00",
        minutes=90,
        strand=Strand.TRADITIONAL_CULTURE,
        team="our-festivals",
        venue="yue-cube",
        space="悦荟区",
        capacity=40,
        campaigns=("civilization",),
        summary="金婚夫妻讲相处之道，年轻夫妻写下给彼此的一句话。",
        description="邀请社区金婚、银婚夫妻分享相濡以沫的故事，年轻夫妻参与互动游戏，弘扬文明家风。",
        motif="hearts",
    ),
    Series(
        key="mid-autumn",
        title="{year}年中秋节·“月满悦立方”邻里团圆会",
        rule=("festival", "中秋"),
        start="18:30",
        minutes=120,
        strand=Strand.TRADITIONAL_CULTURE,
        team="our-festivals",
        venue="yue-cube",
        space="悦荟区",
        capacity=100,
        campaigns=("civilization",),
        summary="做月饼、赏明月、听甬剧，远亲不如近邻。",
        description="亲子家庭动手做冰皮月饼，社区甬剧团献唱，最后一起在花园赏月。独居老人由网格员陪同参加。",
        motif="moon",
    ),
    Series(
        key="double-ninth",
        title="{year}年重阳节·敬老孝亲重阳宴",
        rule=("festival", "重阳"),
        start="10:00",
        minutes=150,
        strand=Strand.TRADITIONAL_CULTURE,
        team="our-festivals",
        venue="yue-cube",
        space="悦享堂",
        audience=Audience.ELDERLY,
        capacity=50,
        campaigns=("civilization",),
        summary="为老人送上重阳糕，表演节目，义诊量血压。",
        description="志愿者为老人送上重阳糕和菊花茶，假日学校的孩子们表演节目，卫生服务站医生现场义诊。",
        motif="sun",
    ),
]

ANNUAL_SERIES = [
    Series(
        key="womens-health",
        title="{year}年“3·8”女性健康讲座",
        rule=("annual", 3, 8),
        start="14:00",
        minutes=90,
        strand=Strand.VOLUNTEERING,
        team="yue-volunteers",
        venue="yue-cube",
        space="悦丰馆",
        audience=Audience.WOMEN,
        capacity=60,
        summary="妇科医生讲女性常见病预防和“两癌”筛查。",
        description="邀请区妇幼保健院医生讲解女性常见疾病预防、两癌筛查政策和更年期保健，讲座后可一对一咨询。",
        motif="hearts",
        colour="#c2185b",
    ),
    Series(
        key="mens-health",
        title="{year}年“10·28”男性健康知识讲座",
        rule=("annual", 10, 28),
        start="19:00",
        minutes=90,
        strand=Strand.VOLUNTEERING,
        team="yue-volunteers",
        venue="yue-cube",
        space="悦丰馆",
        audience=Audience.MEN,
        capacity=60,
        summary="男性健康日，泌尿科医生讲男性生殖健康保健。",
        description="10月28日是男性健康日。泌尿科医生讲解男性生殖健康、前列腺保健和戒烟限酒，安排在晚上，方便上班族参加。",
        motif="sun",
        colour="#1f618d",
    ),
    Series(
        key="older-womens-health",
        title="{year}年十月老年妇女健康服务",
        rule=("annual", 10, 16),
        start="09:00",
        minutes=150,
        strand=Strand.VOLUNTEERING,
        team="yue-volunteers",
        venue="yue-cube",
        space="悦享堂",
        audience=Audience.WOMEN,
        capacity=40,
        min_age=60,
        summary="为60岁以上女性居民免费测骨密度、量血压，讲防跌倒。",
        description="社区卫生服务站为老年妇女提供骨密度检测、血压血糖测量和防跌倒指导，并建立健康档案。",
        motif="hearts",
        colour="#af601a",
    ),
    Series(
        key="learn-from-lei-feng",
        title="{year}年春季学雷锋志愿服务",
        rule=("annual", 3, 5),
        start="08:30",
        minutes=180,
        strand=Strand.VOLUNTEERING,
        team="yue-volunteers",
        venue="culture-grids",
        grid=9,
        location="9号网格悦为路",
        capacity=50,
        campaigns=("civilization",),
        summary="学雷锋日，志愿者在悦为路摆摊义务服务。",
        description="义务理发、磨剪刀、修小家电、法律咨询、防诈骗宣传，“悦公益”各支队伍在悦为路一字排开，为居民办实事。",
        motif="hands",
    ),
    Series(
        key="summer-cool",
        title="{year}年夏日送清凉关爱行动",
        rule=("annual", 7, 20),
        start="09:00",
        minutes=120,
        strand=Strand.VOLUNTEERING,
        team="yue-volunteers",
        venue="yue-cube",
        space="悦荟区",
        capacity=30,
        campaigns=("civilization",),
        summary="为环卫工人、快递小哥、保安送去绿豆汤和防暑药品。",
        description="志愿者在悦荟区集合，分组把绿豆汤、西瓜和防暑药品送到环卫工人、快递员和小区保安手中，并开放悦荟区作为“爱心驿站”。",
        motif="sun",
    ),
    Series(
        key="autumn-elderly-visits",
        title="{year}年秋季慰问老年人活动",
        rule=("annual", 10, 9),
        start="09:00",
        minutes=150,
        strand=Strand.VOLUNTEERING,
        team="yue-volunteers",
        venue="yue-cube",
        space="悦享堂",
        location="悦享堂集合后分组入户",
        audience=Audience.ELDERLY,
        capacity=30,
        summary="走访高龄、独居老人，送上慰问品，陪老人聊聊天。",
        description="志愿者在悦享堂集合，分组走访网格内的高龄、独居和失能老人，送上慰问品，检查家中用电用气安全。",
        motif="hands",
    ),
    Series(
        key="winter-visits",
        title="{year}年冬季困难群体慰问",
        rule=("annual", 1, 20),
        start="09:00",
        minutes=150,
        strand=Strand.VOLUNTEERING,
        team="yue-volunteers",
        venue="yue-cube",
        space="悦荟区",
        capacity=30,
        campaigns=("civilization",),
        summary="年前走访困难家庭，送去米油、冬衣和新春祝福。",
        description="社区联合共建单位走访低保、残疾和因病困难家庭，送去米油、冬衣和春联，了解实际困难并登记帮扶需求。",
        motif="lanterns",
    ),
    Series(
        key="cooking-contest",
        title="{year}年舌尖上的XX巧手厨艺大比拼",
        rule=("annual", 12, 19),
        start="09:00",
        minutes=150,
        strand=Strand.MODERN_IDEAS,
        team="happy-neighbours",
        venue="yue-cube",
        space="悦荟区",
        capacity=40,
        campaigns=("civilization",),
        summary="家常菜大比拼，邻里当评委，倡导光盘和文明餐桌。",
        description="每户带一道拿手家常菜，现场邻里品尝投票，评出“巧手厨神”；攸品手擀面馆等诚信街区商户提供奖品。",
        motif="confetti",
    ),
    Series(
        key="best-courtyard",
        title="{year}年“最美庭院”评选",
        rule=("annual", 6, 20),
        start="09:00",
        minutes=180,
        strand=Strand.MODERN_IDEAS,
        team="happy-neighbours",
        venue="culture-grids",
        location="各网格",
        capacity=None,
        campaigns=("civilization", "five-water"),
        summary="评委走进各网格，评选干净整洁、绿意盎然的最美庭院。",
        description="居民自荐或邻居推荐，评委组实地查看庭院和阳台的整洁、绿化和垃圾分类情况，结果在文化网格公示。",
        motif="leaves",
    ),
    Series(
        key="best-family",
        title="{year}年“最美家庭”评选",
        rule=("annual", 5, 15),
        start="14:00",
        minutes=120,
        strand=Strand.MODERN_IDEAS,
        team="happy-neighbours",
        venue="yue-cube",
        space="悦丰馆",
        capacity=60,
        campaigns=("civilization",),
        summary="国际家庭日，讲述最美家庭故事，为获评家庭颁奖。",
        description="各网格推荐的候选家庭讲述自己的家风故事，居民现场投票，获评家庭的故事将在主题楼道展示。",
        motif="hearts",
    ),
    Series(
        key="my-motherland",
        title="{year}年“我和我的祖国”书画作品展",
        rule=("annual", 9, 26),
        start="09:00",
        minutes=420,
        strand=Strand.TALENT_STUDIO,
        team="calligraphy-studio",
        venue="yue-cube",
        space="悦珍阁",
        capacity=None,
        campaigns=("civilization",),
        summary="迎国庆，居民书画作品展，笔墨抒写家国情怀。",
        description="展出书画工作室和居民创作的书法、国画作品五十余幅，开幕式上工作室老师现场挥毫。",
        motif="brush",
    ),
    Series(
        key="new-era",
        title="{year}年“奋斗新时代”乒乓球友谊赛",
        rule=("annual", 7, 1),
        start="14:00",
        minutes=180,
        strand=Strand.TALENT_STUDIO,
        team="ping-pong-studio",
        venue="yue-cube",
        space="悦健室",
        capacity=32,
        summary="以球会友，老中青同台竞技，展现奋斗新时代的精气神。",
        description="设老年组、成年组和少年组，单打淘汰赛，欢迎共建单位组队参加。",
        motif="table_tennis",
    ),
]

QUARTERLY_SERIES = [
    Series(
        key="longevity-banquet",
        title="{year}年第{quarter}季度“悦寿宴”",
        rule=("quarterly", 2, FRI, 2),
        start="11:00",
        minutes=120,
        strand=Strand.VOLUNTEERING,
        team="yue-volunteers",
        venue="yue-cube",
        space="悦享堂",
        audience=Audience.ELDERLY,
        capacity=40,
        min_age=80,
        summary="每季度为80岁以上老人集体过生日，长寿面、生日蛋糕和祝福。",
        description="为本季度过生日的80岁以上耄耋老人办一桌“悦寿宴”：长寿面、生日蛋糕、志愿者表演。行动不便的老人可由家属陪同，或由志愿者接送。",
        motif="sun",
        colour="#d4ac0d",
    ),
    Series(
        key="science-outreach",
        title="幸福邻里“家”年华·科普宣传进社区（{year}年第{quarter}季度）",
        rule=("quarterly", 1, SAT, 3),
        start="09:00",
        minutes=120,
        strand=Strand.MODERN_IDEAS,
        team="happy-neighbours",
        venue="yue-cube",
        space="悦荟区",
        capacity=None,
        campaigns=("safety", "anti-crime", "five-water"),
        summary="防范电信诈骗、节水护水、消防安全，科普展板和互动游戏。",
        description="派出所民警讲解最新电信诈骗手法，水务志愿者演示节水小窍门，消防站带来灭火器使用体验。",
        motif="waves",
    ),
    Series(
        key="carnival-health-talk",
        title="幸福邻里“家”年华·健康讲座（{year}年第{quarter}季度）",
        rule=("quarterly", 2, WED, 4),
        start="14:00",
        minutes=90,
        strand=Strand.MODERN_IDEAS,
        team="happy-neighbours",
        venue="yue-cube",
        space="悦丰馆",
        capacity=60,
        summary="三甲医院专家进社区，讲常见病防治和科学就医。",
        description="每季度邀请一位专科医生，围绕高血压、糖尿病、心理健康等话题开讲，讲座后现场答疑。",
        motif="hearts",
    ),
    Series(
        key="public-benefit-fair",
        title="幸福邻里“家”年华·惠民服务集市（{year}年第{quarter}季度）",
        rule=("quarterly", 3, SUN, 2),
        start="09:00",
        minutes=150,
        strand=Strand.MODERN_IDEAS,
        team="happy-neighbours",
        venue="yue-cube",
        space="悦荟区",
        capacity=None,
        campaigns=("civilization",),
        summary="诚信街区商户和共建单位摆摊惠民：义诊、维修、优惠。",
        description="诚信街区商户推出惠民优惠，银行、电信、卫生服务站提供咨询和义诊，志愿者提供义务维修。",
        motif="confetti",
    ),
]

MONTHLY_SERIES = [
    Series(
        key="holiday-school",
        title="假日学校·周末课堂（{year}年{month}月）",
        rule=("monthly", SAT, 2),
        start="09:00",
        minutes=120,
        strand=Strand.VOLUNTEERING,
        team="holiday-school",
        venue="yue-cube",
        space="博悦舍",
        audience=Audience.CHILDREN,
        capacity=25,
        campaigns=("civilization",),
        summary="志愿者老师带孩子们读书、做手工、学安全知识。",
        description="面向社区6至12岁的孩子：上半场绘本与作业辅导，下半场手工或安全小课堂。请自带水杯。",
        motif="books",
    ),
    Series(
        key="moral-lecture",
        title="道德讲堂（{year}年{month}月）",
        rule=("monthly", WED, 1),
        start="19:00",
        minutes=90,
        strand=Strand.VOLUNTEERING,
        team="moral-lecture-hall",
        venue="yue-cube",
        space="悦丰馆",
        capacity=60,
        campaigns=("civilization",),
        summary="唱一首歌、讲一个身边好人故事、诵一段经典、发一个善心。",
        description="每月一期，由身边好人讲述自己的故事，居民一起诵读经典、分享感悟，弘扬社会主义核心价值观。",
        motif="sun",
    ),
    Series(
        key="health-classroom",
        title="健康课堂（{year}年{month}月）",
        rule=("monthly", THU, 3),
        start="09:30",
        minutes=90,
        strand=Strand.VOLUNTEERING,
        team="health-classroom",
        venue="yue-cube",
        space="悦享堂",
        audience=Audience.ELDERLY,
        capacity=40,
        summary="社区医生讲慢病防治、合理用药和科学饮食，课后免费量血压。",
        description="社区卫生服务站医生每月开讲，主题根据季节调整，课后免费测血压、血糖。",
        motif="hearts",
        drafts_ahead=True,
    ),
    Series(
        key="yong-opera",
        title="社区甬剧团排练（{year}年{month}月）",
        rule=("monthly", TUE, 2),
        start="14:00",
        minutes=150,
        strand=Strand.TRADITIONAL_CULTURE,
        team="yong-opera",
        venue="yue-cube",
        space="悦荟区",
        capacity=30,
        summary="甬剧团每月排练，欢迎爱听爱唱的居民来学两句。",
        description="排练经典甬剧选段，为节日演出做准备。零基础也欢迎，老团员手把手教。",
        motif="waves",
    ),
    Series(
        key="clean-up",
        title="清爽行动（{year}年{month}月）",
        rule=("monthly", SAT, -1),
        start="08:00",
        minutes=120,
        strand=Strand.VOLUNTEERING,
        team="clean-up",
        venue="culture-grids",
        grid="rotate",
        capacity=30,
        campaigns=("civilization", "five-water"),
        summary="清理楼道堆物、卫生死角和雨水井口，让家园清清爽爽。",
        description="每月轮到一个网格：志愿者和网格员一起清理楼道堆物、疏通雨水井口、清除小广告。工具由社区提供。",
        motif="leaves",
        cancelled_months=(1, 5, 9),
    ),
    Series(
        key="convenience-services",
        title="便民服务（{year}年{month}月）",
        rule=("monthly_day", 15),
        start="08:30",
        minutes=150,
        strand=Strand.VOLUNTEERING,
        team="convenience-services",
        venue="yue-cube",
        space="悦荟区",
        capacity=None,
        campaigns=("civilization",),
        summary="义务理发、量血压、磨剪刀、修小家电，每月15日不见不散。",
        description="便民服务队的志愿者每月15日上午在悦荟区服务，悦剪理发店的师傅也来帮忙理发。",
        motif="hands",
    ),
    Series(
        key="firefly-reading",
        title="荧火光亲子阅读（{year}年{month}月）",
        rule=("monthly", SUN, 4),
        start="15:00",
        minutes=90,
        strand=Strand.VOLUNTEERING,
        team="firefly-reading",
        venue="yue-cube",
        space="博悦舍",
        audience=Audience.PARENT_CHILD,
        capacity=20,
        max_companions=1,
        summary="一本好书，一段亲子时光。每位家长可带一名孩子。",
        description="志愿者带领亲子家庭共读绘本，并做一个与故事有关的小手工。适合3至8岁的孩子和家长。",
        motif="books",
    ),
    Series(
        key="aixiaoya",
        title="“爱小丫”公益课（{year}年{month}月）",
        rule=("monthly", SAT, 3),
        start="14:00",
        minutes=90,
        strand=Strand.VOLUNTEERING,
        team="aixiaoya",
        venue="yue-cube",
        space="悦荟区",
        audience=Audience.CHILDREN,
        capacity=20,
        summary="小学生公益兴趣课：剪纸、绘画、防溺水和交通安全。",
        description="由大学生志愿者和社区能人授课，每月一个主题，材料免费提供。",
        motif="confetti",
    ),
    Series(
        key="songnian-lecture",
        title="攸品松年学堂理论宣讲（{year}年{month}月）",
        rule=("monthly", THU, 2),
        start="09:00",
        minutes=90,
        strand=Strand.MODERN_IDEAS,
        team="songnian-lecturers",
        alliance="youpin",
        location="攸品邻里中心三楼 攸品松年学堂",
        audience=Audience.ELDERLY,
        capacity=50,
        campaigns=("civilization",),
        summary="用百姓听得懂的话讲科学理论和身边政策。",
        description="攸品松年学堂的讲师每月一讲，结合时事和身边变化宣讲党的理论和惠民政策，欢迎居民提问。",
        motif="books",
    ),
    Series(
        key="upcycling-workshop",
        title="创意无限·旧物改造亲子工作坊（{year}年{month}月）",
        rule=("monthly", FRI, 4),
        start="15:30",
        minutes=75,
        strand=Strand.MODERN_IDEAS,
        team="infinite-creativity",
        alliance="depei",
        location="德培幼儿园 创意无限工作室",
        audience=Audience.PARENT_CHILD,
        capacity=15,
        max_companions=1,
        campaigns=("garbage-sorting",),
        summary="把纸箱、瓶罐和旧衣变成玩具和花器，作品可送去成果展示区。",
        description="请带上一件家里的废旧物品（洗净）。老师和志愿者带着亲子家庭动手改造，优秀作品在攸品物业服务中心的成果展示区展出。",
        motif="recycle",
    ),
    Series(
        key="garbage-sorting",
        title="垃圾分类宣传·一个孩子带动一户家庭（{year}年{month}月）",
        rule=("monthly", SAT, 1),
        start="09:00",
        minutes=120,
        strand=Strand.MODERN_IDEAS,
        team="garbage-sorting-families",
        alliance="depei",
        venue="culture-grids",
        grid="rotate",
        audience=Audience.PARENT_CHILD,
        capacity=None,
        campaigns=("garbage-sorting",),
        summary="德培幼儿园的孩子们当小小宣传员，带着家人进网格宣传垃圾分类。",
        description="孩子们表演分类儿歌、发放分类指南，志愿者在投放点指导居民正确分类，并统计知晓率和参与率。",
        motif="recycle",
    ),
    Series(
        key="ping-pong",
        title="悦健室乒乓球月赛（{year}年{month}月）",
        rule=("monthly", SUN, -1),
        start="14:00",
        minutes=150,
        strand=Strand.TALENT_STUDIO,
        team="ping-pong-studio",
        venue="yue-cube",
        space="悦健室",
        capacity=16,
        summary="乒乓工作室每月一赛，以球会友。",
        description="单打循环赛，按水平分组，新手可以先来练球。请穿运动鞋。",
        motif="table_tennis",
    ),
    Series(
        key="calligraphy",
        title="书画雅集（{year}年{month}月）",
        rule=("monthly", SUN, 1),
        start="09:00",
        minutes=120,
        strand=Strand.TALENT_STUDIO,
        team="calligraphy-studio",
        venue="yue-cube",
        space="悦珍阁",
        capacity=20,
        summary="书画爱好者以书会友，老师现场点评。",
        description="自带笔墨或使用工作室提供的用具，老师现场示范和点评，优秀作品可在悦珍阁展出。",
        motif="brush",
    ),
    Series(
        key="talk-corridor",
        title="说事长廊·居民议事会（{year}年{month}月）",
        rule=("monthly", TUE, 3),
        start="19:00",
        minutes=90,
        strand=Strand.MODERN_IDEAS,
        venue="talk-corridor",
        capacity=40,
        campaigns=("safety", "anti-crime"),
        summary="有事来说、有事好商量：居民代表共商身边事。",
        description="社区工作人员通报上月说事办理情况，居民提出新的问题和建议，大家一起商量办法。",
        motif="hands",
    ),
]

ALL_SERIES = FESTIVAL_SERIES + ANNUAL_SERIES + QUARTERLY_SERIES + MONTHLY_SERIES
CANCELLATION_REASON = "因雨雪天气取消，顺延至下月，给您带来不便敬请谅解。"
DRAFT_DAYS_AHEAD = 42

# --- the volunteer alliance (悦公益): points shop and service requests --------------------

# (merchant, reward, points, stock); merchant None: offered by the community.
REWARDS = [
    ("攸品手擀面馆", "招牌手擀面一碗", 60, 20),
    ("鲜果时光水果店", "应季水果一份", 40, 30),
    ("悦剪理发店", "理发一次", 80, 10),
    ("好味早餐铺", "早餐套餐一份", 20, 50),
    ("巧手裁缝铺", "缝补改衣一次", 30, 15),
    (None, "“悦公益”志愿者马甲", 100, 8),
]

# Roles the coming 悦公益 activity asks volunteers for: (name, what to do, how many).
VOLUNTEER_ROLES = [
    ("签到引导", "在入口帮居民签到、引导入座。", 4),
    ("秩序维护", "维护现场秩序，照顾老人和孩子。", 3),
]

# Service requests of the demo resident, one in each state:
# (category, description, place, state)
SERVICE_REQUESTS = [
    (
        "便民维修",
        "厨房水龙头一直滴水，想请志愿者帮忙看看。",
        "5幢2单元301室",
        "ordered",
    ),
    (
        "助老",
        "家里老人想请人陪着去社区卫生服务站量血压。",
        "5幢2单元301室",
        "dispatched",
    ),
    (
        "清爽行动",
        "楼道里堆了旧纸箱，想请清爽行动队帮忙清理。",
        "5幢2单元楼道",
        "accepted",
    ),
    ("陪伴就医", "周四上午去区人民医院复查，需要有人陪同。", "5幢2单元301室", "done"),
    ("心理疏导", "最近睡不好，想找人聊聊。", "悦享堂", "rated"),
]


# --- Grid work and the talk corridor (issue 5) --------------------------------------------
# Visit logs of the demo grid worker (grid 1): (day of this month, building, unit, topic,
# notes). Days after today are left out until they come.
VISIT_LOGS = [
    (1, 1, "1-101", "养老关爱", "走访独居老人周阿姨，血压平稳，提醒按时服药。"),
    (2, 2, "2-302", "安全", "检查楼道电动车充电情况，已劝导住户到集中充电点充电。"),
    (3, 3, "3-501", "家庭矛盾", "调解邻里噪音纠纷，双方约定晚十点后保持安静。"),
    (5, 1, "1-602", "意见建议", "住户建议在单元门口增设休息座椅，已记录转交社区。"),
]
# Issue reports of the demo grid worker: (day of this month, building, category,
# urgency, description, resolution or "").
ISSUE_REPORTS = [
    (
        1,
        2,
        "安全隐患",
        "urgent",
        "2幢楼道堆放纸箱杂物，堵塞消防通道。",
        "物业已清理楼道，张贴禁止堆物提示。",
    ),
    (4, 3, "设施损坏", "normal", "3幢单元门门禁损坏，无法正常关闭。", ""),
]
# Garbage-sorting checks: every grid's first building, on the 12th of the last six
# months; the rates rise month by month (the plan's measurable aim).
SORTING_MONTHS = 6
SORTING_DAY = 12
# Matters of the talk corridor: (author, title, description, category, building,
# anonymous, status, staff note).
MATTERS = [
    (
        "resident",
        "5幢门口晚上路灯不亮",
        "5幢门口的路灯坏了快一周，晚上老人出门很不方便，希望尽快修好。",
        "facilities",
        5,
        False,
        "resolved",
        "已联系物业更换灯泡，路灯恢复照明。",
    ),
    (
        "elder",
        "希望增加老年助餐点的菜品",
        "悦享堂助餐点的菜品有点单调，希望每周能多换几样清淡的菜。",
        "suggestion",
        22,
        False,
        "in_progress",
        "已与助餐点沟通，下月起每周更新菜单。",
    ),
    (
        "volunteer",
        "小区东门早高峰占道停车",
        "东门口早上七点多总有车停在路边，孩子上学不安全。",
        "parking",
        None,
        True,
        "open",
        "",
    ),
    (
        "resident",
        "垃圾分类投放点异味较大",
        "5幢旁边的垃圾投放点夏天味道很重，能否增加清运次数？",
        "environment",
        5,
        False,
        "accepted",
        "已收到，正在与保洁公司协调。",
    ),
]
