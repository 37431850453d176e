"""Candidates listed by 姓氏笔画 (DOMAIN G2: a 差额 ballot lists the candidates in the stroke order of their names).

No package in the house's lock ships the Unihan stroke counts (kTotalStrokes), so this module carries the counts of
the common surnames (the 百家姓's usual ~300, the compound ones' characters such as 欧阳, 司马, 诸葛, 上官, and
common given-name characters), grouped by count below; each was checked by hand against the standard form.

The order (documented in docs/governance-elections.md):
1. character by character, a character whose count is known comes by its count (fewer strokes first), before any
   character whose count is not in the table; two unknown characters compare by their pinyin (pypinyin);
2. equal counts at a position: the next character decides (姓 first, then the given name);
3. names equal in every count: by the pinyin of the whole name, then as they were entered.
The 起笔 rule (横竖撇点折) of GB/T is not applied: two surnames of equal count (李 and 张, both 7) go by the next
characters, then pinyin (李明 7,8 after 张伟 7,6; a bare 李 before 张 by pinyin).
"""

from pypinyin import lazy_pinyin

_BY_COUNT = {
    1: "一乙",
    2: "丁卜刁力二人",
    3: "于万马上卫门干小大子弓三",
    4: "王毛方尹孔文牛卞计尤巴车仇邓韦戈公元勾贝区井丰支云亓乌亢中丹心木长",
    5: "白石左田史冯卢叶包甘申龙艾边皮司古兰付宁冉乐丛邝厉仝帅平母印玉由东令正生永立民",
    6: "朱刘江吕许乔任华安齐邬孙汤阮纪伍向牟祁曲米关庄毕师成吉闫邢农阳全仲巩匡伊权朴伏羊那危戎衣阴尧闭宇伟军红光达庆池刚",
    7: "李张杨吴何陈宋杜沈苏邵汪严肖谷邹余岑冷陆应劳时连狄花芦巫辛麦佘邱闵佟沙迟位豆初来芮邸阿邰况利但冶束丽芳芬秀宏志",
    8: "林周郑金罗孟武范易岳房苗宗官屈庞欧和季卓单尚郁郎明苟杭冼练国呼居幸奉茅凯怡佳欣学宝京杰英建波孤狐",
    9: "赵胡施姚洪俞侯段柳钟贺姜祝费闻项骆查饶宣封荀秋娄郝柯禹荣荆胥南郜相修茹战昝哈信祖柏宫皇独娜思亮俊星保春玲洋勇",
    10: "高徐袁夏唐殷秦聂倪顾钱陶柴贾凌翁诸桂栾耿莫晏敖奚容谈席郭涂党姬桑原栗班海索晋卿都浦展宾徒健振祥莉娟艳涛峰浩晓",
    11: "黄曹梁崔康章萧常盛麻梅龚符隆商寇屠戚隋谌盘扈鹿逯宿银尉盖敏晨雪萍斌",
    12: "彭董程蒋韩覃曾童傅舒焦鲁喻储温景惠葛游谢强粟敬普辜揭斯智植富湛嵇雄翔雅琴晶琳婷辉超",
    13: "蒲詹雷虞鲍楚靳路满甄简窦廉蓝蒙解褚鄢楼阙雍裘新福瑞微颖鹏",
    14: "蔡廖谭熊管裴缪翟蔺臧端阚漆赫鲜慕静",
    15: "潘黎樊颜滕德慧磊",
    16: "薛霍穆燕冀薄衡蕾",
    17: "戴魏鞠檀霞",
    18: "瞿",
}

STROKES: dict[str, int] = {ch: n for n, chars in _BY_COUNT.items() for ch in chars}

COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "令狐",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "端木",
    "独孤",
    "南宫",
)


def strokes(ch: str) -> int | None:
    return STROKES.get(ch)


def surname(name: str) -> str:
    name = name.strip()
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound
    return name[:1]


def stroke_key(name: str) -> tuple:
    """The sort key of a name in 姓氏笔画 order (see the module's docstring)."""
    name = "".join(name.split())
    chars = []
    for ch in name:
        n = strokes(ch)
        chars.append((0, n, "") if n is not None else (1, 0, "".join(lazy_pinyin(ch))))
    return (tuple(chars), " ".join(lazy_pinyin(name)))


def stroke_order(names):
    """The names in 姓氏笔画 order; equal keys keep the order given (sorted is stable)."""
    return sorted(names, key=stroke_key)
