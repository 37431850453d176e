"""Names shown by surname only (I3): the one mask the card check, audit labels and care receipts use."""

import pytest

from gonghui.core.personal import mask_name


@pytest.mark.parametrize(
    ("name", "shown"),
    [("张伟", "张*"), ("欧阳娜娜", "欧***"), ("王", "王"), ("", ""), ("John Smith", "J*********")],
)
def test_a_name_keeps_only_its_first_character(name, shown):
    assert mask_name(name) == shown
