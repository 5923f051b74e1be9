"""Demo part of supervision: the city's 2018 reform plan (5 areas, 25 tasks, 19 done by mid-year),
the key work assigned to the twelve counties with their quarterly reports (uneven progress, two
counties with no follow-up), the second half's tasks as the speech lists them, innovation
projects from only a few counties, and information submissions that fall in the second quarter.

Everything goes through the same actions as the pages, dated as it happened, so the figures at
2018-06-30 come from records and history.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from gonghui.core.demo import DEMO_AS_OF, DemoContext
from gonghui.orgs.models import Org, User
from gonghui.supervision import actions
from gonghui.supervision.actions import ReportContent
from gonghui.supervision.models import (
    RUBRIC,
    Adoption,
    Area,
    Assignment,
    Channel,
    InfoSubmission,
    InnovationProject,
    Measure,
    Milestone,
    PlanKind,
    ProjectReview,
    ProjectScore,
    Task,
    WorkPlan,
)
from gonghui.supervision.reminders import send_reminders

YEAR = 2018
Y_START, Y_END = date(2018, 1, 1), date(2018, 12, 31)
LEADERS = ("张明华主席", "李国平副主席", "王秀英副主席", "陈建新副主席", "刘德福经审会主任")

# (area, [(title, department, leader index, deadline, done?, progress % at mid-year)])
REFORM_AREAS: tuple[tuple[str, tuple[tuple[str, str, int, date, bool, int], ...]], ...] = (
    (
        "健全组织体系",
        (
            ("市总工会领导机构增设兼职、挂职副主席", "组织部", 0, date(2018, 3, 31), True, 100),
            ("提高一线职工在委员会、常委会中的比例", "组织部", 1, date(2018, 4, 30), True, 100),
            ("建立机关干部联系基层工会制度", "办公室", 1, date(2018, 5, 31), True, 100),
            ("组建市级产业工会联合会", "组织部", 1, date(2018, 12, 31), False, 45),
            ("完善县级工会领导班子配备", "组织部", 0, date(2018, 6, 30), True, 100),
        ),
    ),
    (
        "改进工作方式",
        (
            ("建设“互联网+”工会服务平台", "宣教部", 2, date(2018, 12, 31), False, 40),
            ("推行工会重点工作项目化管理", "办公室", 0, date(2018, 6, 30), True, 100),
            ("建立重点工作一季一报和督查通报制度", "办公室", 0, date(2018, 3, 31), True, 100),
            ("推动“工会大走访”活动常态化", "组织部", 1, date(2018, 6, 30), True, 100),
            ("完善职工服务中心服务功能", "权益保障部", 3, date(2018, 6, 30), True, 100),
        ),
    ),
    (
        "强化维权服务",
        (
            ("组建职工维权志愿律师团", "权益保障部", 3, date(2018, 5, 31), True, 100),
            ("推行劳动法律监督“一函两书”制度", "权益保障部", 3, date(2018, 6, 30), True, 100),
            ("完善困难职工精准帮扶工作机制", "权益保障部", 3, date(2018, 6, 30), True, 100),
            ("建立劳动关系风险监测预警机制", "权益保障部", 3, date(2018, 9, 30), False, 25),
            ("开展集体协商“要约行动”", "权益保障部", 2, date(2018, 6, 30), True, 100),
        ),
    ),
    (
        "加强基层建设",
        (
            ("开展基层工会规范化建设达标活动", "组织部", 1, date(2018, 6, 30), True, 100),
            ("推进货车司机等八大群体入会", "组织部", 1, date(2018, 12, 31), False, 50),
            ("开展基层工会清理整顿", "组织部", 1, date(2018, 5, 31), True, 100),
            ("建立基层工会经费保障机制", "财务部", 4, date(2018, 6, 30), True, 100),
            ("推进乡镇（街道）工会“会站家”一体化建设", "组织部", 2, date(2018, 12, 31), False, 30),
        ),
    ),
    (
        "改进机关作风",
        (
            ("改革机关内设机构和职能", "办公室", 0, date(2018, 10, 31), False, 50),
            ("建立机关干部绩效考核办法", "办公室", 0, date(2018, 4, 30), True, 100),
            ("推行工会干部专挂兼制度", "组织部", 0, date(2018, 6, 30), True, 100),
            ("健全工会经费审查监督机制", "经费审查委员会办公室", 4, date(2018, 6, 30), True, 100),
            ("加强工会网上宣传阵地建设", "宣教部", 2, date(2018, 6, 30), True, 100),
        ),
    ),
)

# Each county's pace on year-long work at mid-year (share of the year's work done by 30 June).
PACE = {
    "梅列": 0.55,
    "三元": 0.50,
    "永安": 0.62,
    "明溪": 0.30,
    "清流": 0.20,
    "宁化": 0.45,
    "大田": 0.32,
    "尤溪": 0.50,
    "沙县": 0.58,
    "将乐": 0.42,
    "泰宁": 0.46,
    "建宁": 0.26,
}
# Counties that reported nothing this half-year on some of their work (有部署、无落实).
SILENT = ("清流", "大田")
INNOVATORS = {
    "永安": ("“职工之家+”服务综合体建设", date(2018, 4, 16)),
    "沙县": ("沙县小吃从业人员集中入会与技能培训", date(2018, 5, 8)),
    "梅列": ("园区工会“会站家”一体化服务", date(2018, 6, 12)),
    "尤溪": ("乡村振兴中的农民工服务站", date(2018, 8, 20)),  # entered after mid-year
}
# Submissions: counties whose second quarter held up; the rest fell.
HELD_UP = ("永安", "沙县", "梅列")


def load(ctx: DemoContext) -> str:
    rng = ctx.rng("supervision")
    city_user = ctx.user("city")
    judge = ctx.user("judge")
    reform = _reform_plan(ctx.city, city_user)
    key, tasks = _key_plan(ctx.city)
    county_users = {
        short: User.objects.filter(org=org, username__isnull=False).order_by("pk").first()
        for short, org in ctx.counties.items()
    }
    reports = _county_reports(rng, ctx.counties, county_users, city_user, tasks)
    projects = _innovation(ctx.counties, county_users, judge, rng)
    submissions = _submissions(rng, ctx.counties)
    sent = send_reminders(DEMO_AS_OF)
    return (
        f"改革任务{reform}项，重点工作{key}项（12个县级工会），季度报告{reports}份，"
        f"创新项目{projects}个，报送信息{submissions}条，{sent}"
    )


def _reform_plan(city: Org, officer: User) -> int:
    plan = WorkPlan.objects.create(
        org=city, year=YEAR, title="三明市总工会2018年工会改革任务", kind=PlanKind.REFORM
    )
    number = 0
    for area_number, (area_name, items) in enumerate(REFORM_AREAS, start=1):
        area = Area.objects.create(plan=plan, number=area_number, name=area_name)
        for title, department, leader, deadline, done, progress in items:
            number += 1
            uses_milestones = number % 4 == 1
            task = Task.objects.create(
                plan=plan,
                area=area,
                number=str(number),
                title=title,
                lead_leader=LEADERS[leader],
                lead_department=department,
                co_departments="办公室" if department != "办公室" else "",
                start=Y_START,
                deadline=deadline,
                measure=Measure.MILESTONES if uses_milestones else Measure.REPORTED,
                order=number,
            )
            assignment = Assignment.objects.create(task=task, org=city)
            if uses_milestones:
                _reform_milestones(assignment, deadline, done, progress)
            else:
                _reform_reports(assignment, officer, deadline, done, progress, number)
    return number


def _reform_milestones(assignment: Assignment, deadline: date, done: bool, progress: int) -> None:
    span = (deadline - Y_START).days
    steps = ("制定实施方案", "组织推进落实", "总结验收")
    for order, title in enumerate(steps, start=1):
        due = Y_START + timedelta(days=span * order // len(steps))
        finished = done or order <= round(len(steps) * progress / 100)
        Milestone.objects.create(
            assignment=assignment,
            order=order,
            title=title,
            weight=Decimal(1),
            due_on=due,
            done_on=min(due - timedelta(days=3), DEMO_AS_OF) if finished else None,
            evidence=f"{title}相关文件已印发并存档" if finished else "",
        )


def _reform_reports(
    assignment: Assignment, officer: User, deadline: date, done: bool, progress: int, n: int
) -> None:
    # First quarter: a share of the way; second quarter: done (accepted) or the mid-year figure.
    q1 = min(100, progress if deadline <= date(2018, 3, 31) else max(20, progress // 2))
    _report(assignment, officer, officer, 1, q1, date(2018, 4, 2), accept_on=date(2018, 4, 8))
    if deadline > date(2018, 3, 31) or not done:
        _report(
            assignment,
            officer,
            officer,
            2,
            progress,
            date(2018, 6, 20) + timedelta(days=n % 7),
            accept_on=date(2018, 6, 28) if done or n % 2 else None,
        )


def _report(
    assignment: Assignment,
    author: User,
    reviewer: User | None,
    quarter: int,
    progress: float,
    submitted_on: date,
    *,
    accept_on: date | None = None,
    quantity: Decimal | None = None,
    returned: str = "",
) -> None:
    report = actions.save_report(
        assignment,
        author,
        YEAR,
        quarter,
        ReportContent(
            progress=Decimal(str(round(progress, 1))),
            quantity=quantity,
            done_text=f"按计划推进{assignment.task.title}，召开专题会议部署，落实责任人和时间节点。",
            problems="个别基层单位重视不够，推进不平衡。" if progress < 60 else "",
            next_steps="加强督促指导，确保按时限完成。",
        ),
        on=submitted_on,
    )
    actions.submit_report(report, author, on=submitted_on)
    if returned and reviewer is not None:
        actions.return_report(report, reviewer, returned, on=submitted_on + timedelta(days=2))
        return
    if accept_on is not None and reviewer is not None:
        actions.accept_report(report, reviewer, on=accept_on)


def _key_plan(city: Org) -> tuple[int, dict[str, Task]]:
    plan = WorkPlan.objects.create(
        org=city, year=YEAR, title="三明市总工会2018年重点工作", kind=PlanKind.KEY_WORK
    )
    areas = {
        name: Area.objects.create(plan=plan, number=i, name=name)
        for i, name in enumerate(("组织建设", "维权帮扶", "宣传信息"), start=1)
    }

    def task(key: str, n: str, title: str, area: str, dept: str, leader: int, start: date,
             deadline: date, **extra: object) -> Task:  # fmt: skip
        return Task.objects.create(
            plan=plan,
            area=areas[area],
            number=n,
            title=title,
            lead_department=dept,
            lead_leader=LEADERS[leader],
            start=start,
            deadline=deadline,
            order=len(created) + 1,
            **extra,
        )

    created: dict[str, Task] = {}
    created["archives"] = task(
        "archives",
        "1",
        "困难职工档案动态管理和精准帮扶",
        "维权帮扶",
        "权益保障部",
        3,
        Y_START,
        Y_END,
    )
    created["lawyers"] = task(
        "lawyers", "2", "组建县级职工维权志愿律师团并开展驻点接访", "维权帮扶", "权益保障部", 3,
        Y_START, Y_END,
    )  # fmt: skip
    created["standard"] = task(
        "standard", "3", "推进基层工会规范化建设", "组织建设", "组织部", 1, Y_START, Y_END,
        measure=Measure.QUANTITY, target=Decimal(20), unit="家",
    )  # fmt: skip
    created["info"] = task(
        "info", "4", "向市总工会报送工会信息全年不少于24条", "宣传信息", "宣教部", 2,
        Y_START, Y_END, measure=Measure.INDICATOR, indicator_name="supervision.submissions",
        target=Decimal(24), unit="条",
    )  # fmt: skip
    created["elections"] = task(
        "elections", "5", "完成县级工会换届选举", "组织建设", "组织部", 1,
        date(2018, 7, 1), date(2018, 11, 30), measure=Measure.MILESTONES,
    )  # fmt: skip
    created["joint"] = task(
        "joint", "6", "召开政府与工会联席会议", "组织建设", "办公室", 0,
        date(2018, 9, 1), date(2018, 12, 31), measure=Measure.MILESTONES,
    )  # fmt: skip
    care = task("care", "7", "下半年帮扶工作", "维权帮扶", "权益保障部", 3, date(2018, 7, 1),
                date(2019, 1, 31))  # fmt: skip
    created["care"] = care
    created["autumn"] = task(
        "autumn", "7.1", "金秋助学", "维权帮扶", "权益保障部", 3, date(2018, 7, 1),
        date(2018, 9, 30), parent=care,
    )  # fmt: skip
    created["mutual"] = task(
        "mutual", "7.2", "职工医疗互助第九期参保", "维权帮扶", "权益保障部", 3, date(2018, 7, 1),
        date(2018, 12, 31), parent=care, measure=Measure.QUANTITY, target=Decimal(3000),
        unit="人",
    )  # fmt: skip
    created["winter"] = task(
        "winter", "7.3", "冬送温暖", "维权帮扶", "权益保障部", 3, date(2018, 12, 1),
        date(2019, 1, 31), parent=care,
    )  # fmt: skip
    return len(created), created


def _county_reports(
    rng: random.Random,
    counties: dict[str, Org],
    users: dict[str, User | None],
    reviewer: User,
    tasks: dict[str, Task],
) -> int:
    count = 0
    for short, county in counties.items():
        user = users[short]
        assert user is not None
        assignments = {
            key: Assignment.objects.create(task=task, org=county)
            for key, task in tasks.items()
            if key != "care"
        }
        for order, (title, due, weight) in enumerate(
            (
                ("制定换届工作方案", date(2018, 7, 31), 1),
                ("换届方案报市总工会审批", date(2018, 8, 31), 1),
                ("召开工会代表大会完成换届", date(2018, 11, 30), 2),
            ),
            start=1,
        ):
            Milestone.objects.create(
                assignment=assignments["elections"], order=order, title=title,
                weight=Decimal(weight), due_on=due,
            )  # fmt: skip
        for order, (title, due) in enumerate(
            (
                ("筹备联席会议并将方案报市总工会", date(2018, 9, 30)),
                ("召开政府与工会联席会议", date(2018, 12, 31)),
            ),
            start=1,
        ):
            Milestone.objects.create(
                assignment=assignments["joint"], order=order, title=title, due_on=due
            )
        pace = PACE[short]
        for key in ("archives", "lawyers", "standard"):
            if short in SILENT and key != "archives":
                continue  # 有部署、无落实: nothing reported this half-year
            a = assignments[key]
            for quarter, share in ((1, pace * 0.45), (2, pace)):
                jitter = rng.uniform(-0.04, 0.04)
                progress = max(0.0, min(100.0, 100 * (share + jitter)))
                # Most first-quarter reports came by 5 April; a few slipped.
                q_day = (
                    date(2018, 4, rng.choice((2, 3, 4, 5, 5, 9)))
                    if quarter == 1
                    else date(2018, 6, rng.randint(18, 29))
                )
                quantity = Decimal(round(20 * progress / 100)) if key == "standard" else None
                returned = (
                    "进度数字与附件材料不一致，请核实后重新报送。"
                    if (short, key, quarter) == ("泰宁", "archives", 2)
                    else ""
                )
                accept_on = (
                    q_day + timedelta(days=3) if quarter == 1 or rng.random() < 0.6 else None
                )
                if accept_on is not None and accept_on > DEMO_AS_OF:
                    accept_on = None
                _report(
                    a, user, reviewer, quarter, progress, q_day, accept_on=accept_on,
                    quantity=quantity, returned=returned,
                )  # fmt: skip
                count += 1
    return count


def _innovation(
    counties: dict[str, Org], users: dict[str, User | None], judge: User, rng: random.Random
) -> int:
    for short, (title, entered_on) in INNOVATORS.items():
        project = InnovationProject.objects.create(
            org=counties[short],
            year=YEAR,
            title=title,
            summary=f"{counties[short].name}围绕服务职工开展的创新做法。",
            entered_on=entered_on,
            entered_by=users[short],
        )
        if entered_on > DEMO_AS_OF:
            continue
        review = ProjectReview.objects.create(
            project=project, judge=judge, scored_on=entered_on + timedelta(days=20)
        )
        for code, _label, most in RUBRIC:
            ProjectScore.objects.create(
                review=review,
                criterion=code,
                points=Decimal(round(most * rng.uniform(0.6, 0.95), 1)),
            )
    return len(INNOVATORS)


TOPICS = (
    "开展“五一”劳模座谈会",
    "举办职工技能竞赛",
    "走访慰问困难职工",
    "开展劳动法律宣传进企业活动",
    "召开基层工会主席培训班",
    "组织女职工健康体检",
    "开展“安康杯”竞赛启动仪式",
    "建设职工书屋",
)


def _submissions(rng: random.Random, counties: dict[str, Org]) -> int:
    rows = []
    for short, county in counties.items():
        first = rng.randint(7, 12)
        second = (
            first + rng.randint(0, 3) if short in HELD_UP else max(1, first - rng.randint(3, 6))
        )
        for quarter, n in ((1, first), (2, second)):
            start = date(YEAR, 3 * quarter - 2, 1)
            for _ in range(n):
                day = start + timedelta(days=rng.randint(0, 88))
                roll = rng.random()
                adoption = (
                    Adoption.NATIONAL
                    if roll < 0.02
                    else Adoption.PROVINCE
                    if roll < 0.12
                    else Adoption.CITY
                    if roll < 0.45
                    else Adoption.NONE
                )
                rows.append(
                    InfoSubmission(
                        org=county,
                        submitted_on=day,
                        title=f"{county.display_name}总工会{rng.choice(TOPICS)}",
                        channel=rng.choice(list(Channel)),
                        adoption=adoption,
                    )
                )
    InfoSubmission.objects.bulk_create(rows)
    return len(rows)
