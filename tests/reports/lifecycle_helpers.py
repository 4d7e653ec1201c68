"""Take a case through the lifecycle with the real services, to the stage a test needs."""

from reports import services
from reports.models import Conclusion, Report
from reports.services import ReporterInput
from tests.reports.factories import make_report

SUMMARY = "仓库消防通道被货物堵死，灭火器过期，需核查整改"


def submitted(tree, **overrides) -> Report:
    overrides.setdefault(
        "reporters", [ReporterInput(name="张三丰", phone="13812345678", declaration="none")]
    )
    return make_report(village=tree["village"], **overrides)


def transferred(tree, people, **overrides) -> Report:
    report = submitted(tree, **overrides)
    return services.report_accept(
        report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
    )


def investigating(tree, people, **overrides) -> Report:
    report = transferred(tree, people, **overrides)
    return services.report_acknowledge(report=report, actor=people["officer"])


def proposed(tree, people, verdict="true", **overrides) -> tuple[Report, Conclusion]:
    report = investigating(tree, people, **overrides)
    conclusion = services.conclusion_propose(
        report=report,
        actor=people["officer"],
        verdict=verdict,
        account="现场核查属实，消防通道堆放货物约20平方米。",
        decision="责令立即清理，罚款5000元。",
    )
    return report, conclusion


def under_review(tree, people, **overrides) -> tuple[Report, Conclusion]:
    report, conclusion = proposed(tree, people, **overrides)
    services.conclusion_sign(conclusion=conclusion, actor=people["head"])
    report.refresh_from_db()
    return report, conclusion


def concluded(tree, people, **overrides) -> Report:
    _report, conclusion = under_review(tree, people, **overrides)
    return services.conclusion_review(
        conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=True
    )
