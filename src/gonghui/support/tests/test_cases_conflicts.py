"""The conflict check's comparisons on their own (rule V1): names normalised and spelt in pinyin, employers stripped
of region and company form, and which matches block."""

import pytest

from gonghui.support import cases_conflicts as cc


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("北京鑫达物流有限公司", "鑫达物流"),
        ("鑫达物流（北京）分公司", "鑫达物流"),
        ("鑫达物流(北京)有限责任公司", "鑫达物流"),
        ("北京市鑫达物流集团有限公司", "鑫达物流"),
        ("鑫达物流股份有限公司", "鑫达物流"),
        ("鑫达物流子公司", "鑫达物流"),
        ("鑫达物流 门店", "鑫达物流"),
        ("鑫达便利店", "鑫达便利"),
        ("Xinda Wuliu", "xindawuliu"),
    ],
)
def test_an_employer_loses_its_region_and_company_form(written, key):
    # rule V1: 有限公司/分公司 and the like stripped, and the region however it is bracketed
    assert cc.employer_key(written) == key


def test_a_name_is_compared_without_spaces_and_full_width_and_in_pinyin():
    assert cc.normalise("王 建国") == cc.normalise("王建国") == "王建国"
    assert cc.normalise("ＷＡＮＧ　Ｊｉａｎｇｕｏ") == "wangjianguo"
    assert cc.spelt("王建国") == cc.spelt("Wang Jianguo") == cc.spelt("wangjianguo") == "wangjianguo"
    assert cc.spelt(cc.employer_key("鑫达物流（北京）分公司")) == cc.spelt("Xinda Wuliu") == "xindawuliu"


def test_a_match_against_the_other_side_blocks_and_the_same_side_is_related():
    # rule V1: the earlier case's opposing party 王建国 and 北京鑫达物流有限公司
    old = [
        cc.keys("applicant", "person", "李明", "hash-li"),
        cc.keys("opposing", "person", "王建国"),
        cc.keys("opposing", "org", "北京鑫达物流有限公司"),
    ]
    new = [
        cc.keys("applicant", "person", "Wang Jianguo", "hash-other"),
        cc.keys("opposing", "org", "鑫达物流（北京）分公司"),
        cc.keys("opposing", "person", "李 明", "hash-li"),
    ]
    found = {(h.new, h.old): (h.how, h.blocking) for h in cc.hits(new, old)}
    assert found == {
        (0, 1): ("姓名拼音相同", True),  # this applicant was an earlier opposing party
        (2, 0): ("证件号码相同，姓名相同", True),  # this opposing party was an earlier client
        (1, 2): ("单位名称相同（去除地区和公司类型）", False),  # the same side: 关联
    }
    assert [h.blocking for h in cc.hits(new, old)] == [True, True, False]


def test_persons_and_organisations_are_not_compared_and_unrelated_names_do_not_match():
    assert (
        cc.matched_by(cc.keys("applicant", "person", "鑫达"), cc.keys("opposing", "org", "鑫达有限公司"))
        == []
    )
    assert cc.hits([cc.keys("applicant", "person", "张伟")], [cc.keys("opposing", "person", "王建国")]) == []
    # a person's ID hash alone is a match even under another name
    assert cc.matched_by(
        cc.keys("applicant", "person", "张三", "h"), cc.keys("opposing", "person", "赵六", "h")
    ) == ["证件号码相同"]
