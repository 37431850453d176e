"""Password complexity (GB/T 22239 §8.1.4.1 a): a minimum length and several classes of characters."""

from django.core.exceptions import ValidationError

CLASSES = (
    ("小写字母", str.islower),
    ("大写字母", str.isupper),
    ("数字", str.isdigit),
    ("符号", lambda c: not c.isalnum()),
)


class CharacterClassValidator:
    """At least `min_length` characters of at least `min_classes` of: lower case, upper case, digits, symbols."""

    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length, self.min_classes = min_length, min(min_classes, len(CLASSES))

    def validate(self, password: str, user=None) -> None:
        present = sum(any(test(c) for c in password) for _, test in CLASSES)
        if len(password) < self.min_length or present < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        names = "、".join(name for name, _ in CLASSES)
        return f"密码至少 {self.min_length} 个字符，且须包含{names}中的至少 {self.min_classes} 类"
