"""Reading reports (issue 23 §1): articles split from a pasted page, dates relative to the report's day, organisations
matched against the actor's tree, lists with their counts, kinds by keywords. Dates are pinned: the report's day is
given, never today's."""

import datetime as dt

import pytest

from gonghui.core.scope import SYSTEM
from gonghui.members.models import Person
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Level
from gonghui.press import reader, selectors
from gonghui.press.articles import split

DAY = dt.date(2024, 6, 7)

ZONGZI = """## 朝阳常营地区职工同场比赛包粽子

**本报讯**（记者 刘欣欣）近日，朝阳区常营地区总工会在劲松职高常营校区组织开展“奋斗时代 匠心常营”主题职工技能竞赛。端午节即将来临，此次竞赛项目以包四角粽子为内容，吸引辖区80名职工参赛。

粽子比赛现场，参赛选手围绕粽子用料配比、四角成型速度等展开实操比拼，并邀请第一届“朝阳工匠”、朝阳区劲

松职业高中中餐烹饪专业主任牛京刚担任评委，最终评选出比赛一等奖1名、二等奖2名、三等奖3名。
"""


def test_a_page_splits_into_articles_and_mends_sentences_cut_by_a_page_break():
    page = (
        "深入学习贯彻党的二十大精神\n\n"
        + ZONGZI
        + "\n本报记者 彭程 摄\n\n## 第二篇的标题\n\n本报讯 近日，某单位举办活动。\n"
    )
    first, second = split(page)
    assert first.headline == "朝阳常营地区职工同场比赛包粽子"
    assert "朝阳区劲松职业高中中餐烹饪专业主任" in first.body  # the two halves of the cut sentence joined
    assert "摄" not in first.body.splitlines()[-1]
    assert second.headline == "第二篇的标题"


def test_half_width_punctuation_reads_as_the_reports_print_it():
    (article,) = split("标题\n\n本报讯(记者 甲)近日,东湖举办活动,覆盖职工1,195人;效果好。")
    assert article.body == "本报讯（记者 甲）近日，东湖举办活动，覆盖职工1,195人；效果好。"


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("近日，某区总工会举办培训班。", DAY, None),
        (
            "6月18日至19日，比赛在朝阳举行。",
            dt.date(2023, 6, 18),
            dt.date(2023, 6, 19),
        ),  # ahead of the report: last year
        ("6月3日至5日，比赛在朝阳举行。", dt.date(2024, 6, 3), dt.date(2024, 6, 5)),
        ("5月30日至6月2日，展演举行。", dt.date(2024, 5, 30), dt.date(2024, 6, 2)),
        ("今年3月以来，东城区总工会联合举办歌咏比赛。", dt.date(2024, 3, 1), DAY),
        ("6月5日，常营地区总工会组织开展技能竞赛。", dt.date(2024, 6, 5), None),
    ],
)
def test_dates_are_read_relative_to_the_reports_day(sentence, start, end):
    found_start, found_end = reader.read_dates([sentence], DAY)
    assert found_start.value == start
    assert (found_end.value if found_end else None) == end
    assert found_start.sentence == sentence


def test_lists_are_read_with_the_count_the_report_gives():
    four, n = reader.counted_list(
        "从基层工会组建、会员数据平台使用、工会法人证书办理、工会经费管理四个方面进行讲解"
    )
    assert (four, n) == (["基层工会组建", "会员数据平台使用", "工会法人证书办理", "工会经费管理"], 4)
    three, n = reader.counted_list("双方明确，将建立“阵地共建、活动共办、人才共育”三项工作措施")
    assert (three, n) == (["阵地共建", "活动共办", "人才共育"], 3)
    crafts, n = reader.counted_list(
        "近200名教职工家庭共同体验毛猴、缠花、仿点翠技艺、掐丝彩砂画、盘扣等多个非遗项目"
    )
    assert (crafts, n) == (["毛猴", "缠花", "仿点翠技艺", "掐丝彩砂画", "盘扣"], None)


@pytest.mark.django_db
def test_organisations_are_matched_in_the_actors_tree_only(world):
    text = "朝阳区常营地区总工会与大栅栏街道总工会联合举办活动"
    in_chaoyang = [m.name for m in selectors.matcher_for(actor=world.user("chaoyang")).find(text)]
    assert in_chaoyang == ["常营地区总工会"]  # 大栅栏 lies in 西城: not offered to a 朝阳 cadre
    everywhere = [m.name for m in selectors.matcher_for(actor=SYSTEM).find(text)]
    assert everywhere == ["常营地区总工会", "大栅栏街道总工会"]


@pytest.mark.django_db
def test_a_union_the_tree_lacks_is_offered_under_the_node_its_name_opens_with(world):
    matcher = selectors.matcher_for(actor=world.user("chaoyang"))
    text = "近日，朝阳区总工会与朝阳区三里屯街道总工会联合开展活动，相关工会干部参加。"
    (new,) = matcher.unknown(text, reader.sentences_of(text))
    assert (new.name, new.level, new.parent_name) == ("朝阳区三里屯街道总工会", Level.STREET, "朝阳区总工会")


@pytest.mark.django_db
def test_the_contest_of_002_5_is_proposed_with_its_entrants_and_prize_tiers(world):
    """002-5: 80 entrants; 1 first, 2 second, 3 third prizes, under 常营, each field with its sentence."""
    (reading,) = reader.read(
        ZONGZI, matcher=selectors.matcher_for(actor=world.user("chaoyang")), report_day=DAY
    )
    (contest,) = [p for p in reading.proposals if p.kind == "competition"]
    assert contest.value("org") == world.changying.pk
    assert contest.value("kind") == "skill"
    assert contest.value("name") == "“奋斗时代 匠心常营”主题职工技能竞赛"
    assert contest.value("people_counted") == 80
    assert contest.value("tiers") == [["一等奖", 1], ["二等奖", 2], ["三等奖", 3]]
    assert contest.value("place_text") == "劲松职高常营校区"
    assert "吸引辖区80名职工参赛" in contest.fields["people_counted"].sentence
    assert "一等奖1名" in contest.fields["tiers"].sentence
    assert (
        contest.fields["starts_on"].confidence < contest.fields["people_counted"].confidence
    )  # “近日” is a guess


@pytest.mark.django_db
def test_a_plan_for_the_future_proposes_no_contest(world):
    text = "标题：委员会全体会议召开\n\n本报讯 近日，某工会召开全体会议。今年，将动员和指导各单位组织各类劳动和技能竞赛。"
    (reading,) = reader.read(text, matcher=selectors.matcher_for(actor=SYSTEM), report_day=DAY)
    assert [p.kind for p in reading.proposals] == ["activity"]


@pytest.mark.django_db
def test_a_name_given_short_is_read_in_full(world):
    org_services.org_create(
        actor=SYSTEM,
        parent=world.city,
        name="北京经济技术开发区总工会",
        level=Level.DISTRICT,
        district_code="110115",
    )
    text = (
        "经开区总工会为一线职工送清凉\n\n本报讯 近日，北京经济技术开发区（以下简称“经开区”）总工会负责人将物资发放给职工。"
        "经开区总工会开展2024年“夏送清凉”慰问活动。"
    )
    (reading,) = reader.read(text, matcher=selectors.matcher_for(actor=SYSTEM), report_day=DAY)
    (campaign,) = [p for p in reading.proposals if p.kind == "campaign"]
    assert campaign.fields["org"].note.startswith("北京经济技术开发区总工会")
    assert reading.new_orgs == []


@pytest.mark.django_db
def test_a_contests_groups_are_read_from_its_list(world):
    text = (
        "东湖街道总工会举办非遗技艺比赛\n\n本报讯 6月5日，东湖街道总工会举办非遗技艺比赛，比赛分设绢人组、掐丝珐琅组、"
        "面塑组三个组别，吸引辖区2万余名职工参与，最终评选出一等奖3名、二等奖6名。"
    )
    (reading,) = reader.read(
        text, matcher=selectors.matcher_for(actor=world.user("chaoyang")), report_day=DAY
    )
    (contest,) = [p for p in reading.proposals if p.kind == "competition"]
    assert contest.value("groups") == ["绢人组", "掐丝珐琅组", "面塑组"]
    assert contest.value("starts_on") == dt.date(2024, 6, 5)
    assert contest.value("tiers") == [["一等奖", 3], ["二等奖", 6]]
    people = next(q for q in contest.quoted if q.key == "people")
    assert (people.value, people.approx, people.text) == (20000, "over", "2万余名")


@pytest.mark.django_db
def test_leaders_are_kept_as_the_report_names_them_and_no_person_is_stored(world):
    text = "张良在北京工商大学调研工会工作时强调\n\n本报讯 近日，北京市总工会党组书记、副主席张良率队赴北京工商大学调研工会工作情况。"
    (reading,) = reader.read(text, matcher=selectors.matcher_for(actor=SYSTEM), report_day=DAY)
    (visit,) = reading.proposals
    assert visit.value("kind") == "visit"
    assert visit.value("leaders") == "北京市总工会党组书记、副主席张良"
    assert not Person.objects.exists()
