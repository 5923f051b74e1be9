"""Money rules of workers' mutual medical aid (职工医疗互助), as plain functions (no database).

DOMAIN.md, "Programmes": yearly phases, units enrol their staff at about 100–150 yuan per
person, and claims cover out-of-pocket hospital costs. The payout rule is the usual shape of
such schemes: nothing below a deductible (起付线), a fixed share (补助比例) of the out-of-pocket
cost above it, and a ceiling (封顶线) per claim. The defaults are below; a locality that pays
differently passes its own `PayoutRule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PayoutRule:
    """起付线, 补助比例 and 封顶线 of a claim's payout."""

    deductible: Decimal = Decimal(1000)
    share: Decimal = Decimal("0.3")
    cap: Decimal = Decimal(20000)

    def describe(self) -> str:
        """The rule in words, as the pages show it."""
        percent = f"{self.share * 100:f}"
        if "." in percent:
            percent = percent.rstrip("0").rstrip(".")
        return (
            f"个人自付超过起付线{self.deductible}元的部分按{percent}%补助，"
            f"每笔最高{self.cap}元（不需填写，系统计算）"
        )


DEFAULT_RULE = PayoutRule()


def premiums(members: int, premium_per_person: Decimal) -> Decimal:
    """The premiums (互助金) of an enrolment: members × the phase's premium per person."""
    if members < 1:
        raise ValueError("参保人数至少为1人")
    return (Decimal(premium_per_person) * members).quantize(CENT, rounding=ROUND_HALF_UP)


def payout(out_of_pocket: Decimal, rule: PayoutRule = DEFAULT_RULE) -> Decimal:
    """The payout of a claim: share × (out-of-pocket − deductible), at least 0, at most the cap,
    rounded to the fen (分)."""
    above = Decimal(out_of_pocket) - rule.deductible
    if above <= 0:
        return Decimal("0.00")
    amount = min(above * rule.share, rule.cap)
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
