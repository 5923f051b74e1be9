"""Password rules of 等保 2.0 level 3: three of four character classes, nothing guessable."""

from __future__ import annotations

import re
from functools import lru_cache

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and symbols the password uses."""
    return sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class CharacterClassValidator:
    """Require at least three character classes."""

    def validate(self, password: str, user: object = None) -> None:
        if character_classes(password) < 3:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少三类。"),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少三类。")


# Words guessed first: the site's and the orgs' names (the demo's Gonghui@2018 is the
# pattern: the site's name plus a year), pinyin favourites and common names. Django's list of
# 20,000 common passwords is consulted too, for the word at the password's core.
SITE_WORDS = frozenset(
    [
        "gonghui",
        "zonggonghui",
        "zgh",
        "ghgz",
        "gonghuigongzuo",
        "gonghuipingtai",
        "zhigong",
        "zhigongzhijia",
        "laodong",
        "laomo",
        "huiyuan",
        "sanming",
        "sanmingshi",
        "fujian",
        "fujiansheng",
        "jianning",
        "taining",
        "sanyuan",
        "meilie",
        "yongan",
        "mingxi",
        "qingliu",
        "ninghua",
        "datian",
        "youxi",
        "shaxian",
        "jiangle",
        "zhonghua",
        "zhongguo",
        "quanzong",
        "admin",
        "administrator",
        "sysadmin",
        "system",
        "root",
        "manager",
        "guest",
        "user",
        "test",
        "union",
    ]
)
PINYIN_WORDS = frozenset(
    [
        "woaini",
        "woaiwojia",
        "woainima",
        "aini",
        "aiwo",
        "nihao",
        "nihaoma",
        "wodemima",
        "mima",
        "mimamima",
        "mimashi",
        "beijing",
        "shanghai",
        "tianjin",
        "chongqing",
        "guangzhou",
        "shenzhen",
        "xiamen",
        "fuzhou",
        "zhongguoren",
        "huanying",
        "kuaile",
        "xingfu",
        "pingan",
        "ping'an",
        "jiayou",
        "wohenhao",
        "woshishui",
        "xiaoming",
        "xiaohong",
        "zhangwei",
        "wangwei",
        "wangfang",
        "liwei",
        "lina",
        "zhangmin",
        "lijing",
        "wangjing",
        "liuwei",
        "zhangli",
        "zhangjing",
        "lixiuying",
        "zhangxiuying",
        "wangxiuying",
        "liqiang",
        "wangqiang",
        "zhangqiang",
        "liujun",
        "wangjun",
        "zhangjun",
        "liuyang",
        "yangyang",
        "dandan",
        "tingting",
        "lili",
        "lele",
        "xiaoxiao",
        "jingjing",
        "qianqian",
        "meimei",
        "baobao",
        "laogong",
        "laopo",
        "baobei",
        "qinai",
    ]
)
# Keyboard rows and columns (and the digit row): walks along them are guessed early.
KEYBOARD_WALKS = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "1q2w3e4r5t6y7u8i9o0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "qweasdzxc",
)
_SHIFTED_DIGITS = str.maketrans("!@#$%^&*()", "1234567890")
_LEET = str.maketrans("0134579@$!|+", "oieastgasilt")
GUESSABLE = "密码过于常见、容易被猜到（常用词、拼音、键盘顺序、系统或单位名称加年份等），请换一个。"


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(CommonPasswordValidator().passwords)


def _core_word(password: str) -> str:
    """The password without the digits and symbols around it, read back from leetspeak."""
    core = re.sub(r"^[^a-z]+|[^a-z]+$", "", password.lower())
    return core.translate(_LEET)


def _is_keyboard_walk(password: str) -> bool:
    """True when the password is made of runs (3+ keys) along keyboard rows or columns."""
    lower = password.lower()
    # Symbols typed as shifted digits (1qaz@WSX) or merely added (1q2w3e4R!): try both.
    return any(
        _walks_only(re.sub(r"[^a-z0-9]", "", text))
        for text in (lower.translate(_SHIFTED_DIGITS), lower)
    )


def _walks_only(text: str) -> bool:
    walks = [w for walk in KEYBOARD_WALKS for w in (walk, walk[::-1])]
    i = 0
    while i < len(text):
        longest = max(
            (n for n in range(3, len(text) - i + 1) if any(text[i : i + n] in w for w in walks)),
            default=0,
        )
        if longest == 0:
            return False
        i += longest
    return bool(text)


def guessable(password: str) -> bool:
    """True for a password an attacker tries early, however it is dressed up."""
    core = _core_word(password)
    if len(core) <= 3 or len(set(core)) <= 2:  # Aa123456!, 12345678Ab!, aaaa1111!
        return True
    if core in SITE_WORDS or core in PINYIN_WORDS or core in _common_passwords():
        return True  # Passw0rd!, Gonghui@2018, Woaini1314!, Admin@123
    return _is_keyboard_walk(password)  # 1qaz@WSX, Qwer!234, 1q2w3e4R!


class GuessablePasswordValidator:
    """Refuse common words, pinyin, keyboard walks and the site's name, with digits around."""

    def validate(self, password: str, user: object = None) -> None:
        if guessable(password):
            raise ValidationError(_(GUESSABLE), code="password_guessable")

    def get_help_text(self) -> str:
        return _("不能使用常用词、拼音、键盘顺序或系统、单位名称加年份这类容易被猜到的密码。")
