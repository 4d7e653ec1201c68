"""Demo data for reports: a set of cases from every source and channel (the QR intake points
and the demo photo are in ``demo.intake_points``).

Cases go through ``reports.services.report_create`` like real intake, so they get case numbers,
acceptance deadlines, sealed reporters, cleaned photos and timeline entries. All reporters,
phone numbers and events are fictional.
"""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from core import calendar
from demo.intake_points import demo_photo, load_intake_points
from reports import receipts
from reports.models import Category, Report, Reporter
from reports.reference_data import load_categories
from reports.services import (
    ReporterInput,
    message_from_reporter,
    message_to_reporter,
    report_create,
    report_withdraw,
)

Source = Report.Source
Channel = Report.Channel
Declaration = Reporter.Declaration


def _ago(now: datetime, days: int, hours: int = 0) -> datetime:
    return now - timedelta(days=days, hours=hours)


def load_reports_demo(units_demo: dict[str, Any]) -> list[str]:
    """Create the demo intake points (idempotent) and, only when there are no reports at all,
    about fifteen demo cases from every source and channel, one withdrawn and one with a short
    conversation between the reporter and the safety office.

    Returns the receipt codes, as displayed, of two citizen cases (one with a conversation and
    a photo, one with a photo and a named reporter), or an empty list when reports already
    existed: codes are stored only hashed and cannot be shown again.
    """
    load_categories()
    points = load_intake_points(units_demo)
    if Report.objects.exists():
        return []

    units = units_demo["units"]
    ent = units_demo["enterprises"]
    users = units_demo["users"]
    informants = units_demo["informants"]
    sources = units_demo["sources"]
    intake_user = users["intake"]
    category = {c.code: c for c in Category.objects.all()}
    now = timezone.now()

    def upstream_deadline(received: datetime) -> Any:
        return calendar.local_date(received) + timedelta(days=30)

    # 1. Citizen, web form, anonymous, with a photo; the reporter and the office talk on /track/.
    hotel = report_create(
        source=Source.CITIZEN,
        channel=Channel.WEB,
        category=category["fire_safety"],
        description=(
            "土家大酒店二楼宴会厅的消防通道堆满了桌椅和装修剩下的木板，安全出口指示灯不亮。"
            "周末经常办酒席，一次一两百人，万一起火人出不去。"
        ),
        village=units["恒合社区"],
        address="恒合社区集镇街56号二楼",
        enterprise=ent["hotel"],
        seen_on=calendar.local_date(_ago(now, 19)),
        reporters=[ReporterInput(declaration=Declaration.NONE)],
        received_at=_ago(now, 18, 3),
        photos=[demo_photo(2)],
    )
    message_from_reporter(
        report=hotel.report, body="请问有人去酒店看过了吗？这周六他们又要办酒席。"
    )
    message_to_reporter(
        report=hotel.report,
        body="您好，举报已收到，我们已安排人员核查，结果会在这里告诉您。感谢您的监督！",
        actor=intake_user,
    )

    # 2. Citizen, web form, named reporter, with a photo.
    sand = report_create(
        source=Source.CITIZEN,
        channel=Channel.WEB,
        category=category["mining"],
        description=(
            "大山村2组河坝每天晚上十点以后有挖掘机和货车挖砂运砂，没看到任何手续，"
            "河堤已经被挖空了一段，涨水时很危险。"
        ),
        village=units["大山村"],
        address="大山村2组河坝",
        enterprise_name="大山村河坝无名砂场",
        seen_on=calendar.local_date(_ago(now, 13)),
        reporters=[ReporterInput(name="张大勇", phone="13900001234", declaration=Declaration.NONE)],
        received_at=_ago(now, 12, 5),
        photos=[demo_photo(1)],
    )

    # 3. Citizen, web form, in the other township (scoping: 恒合's office does not see it).
    report_create(
        source=Source.CITIZEN,
        channel=Channel.WEB,
        category=category["major_hazard"],
        description="安宁页岩砖厂的隧道窑窑顶有几道大裂缝，还在照常烧砖，工人就在窑边干活。",
        village=units["安宁村"],
        address="安宁村3组砖厂",
        enterprise=ent["brickworks"],
        reporters=[ReporterInput(declaration=Declaration.NONE)],
        received_at=_ago(now, 9, 2),
    )

    # 3b. Citizen, web form, in 牌楼街道: waiting for that subdistrict's office.
    report_create(
        source=Source.CITIZEN,
        channel=Channel.WEB,
        category=category["other"],
        description="新城社区一栋老居民楼的楼道里停满电动车，晚上在楼道里充电，楼梯口还堆着纸箱。",
        village=units["新城社区"],
        address="新城社区12号楼1单元",
        reporters=[ReporterInput(declaration=Declaration.NONE)],
        received_at=_ago(now, 1, 3),
    )

    # 4. Citizen, web form, withdrawn by the reporter before acceptance.
    withdrawn = report_create(
        source=Source.CITIZEN,
        channel=Channel.WEB,
        category=category["gas"],
        description="场镇口一家小饭馆把液化气罐放在灶台边上，软管老化开裂，闻到过气味。",
        village=units["恒合村"],
        address="恒合村1组场镇口",
        reporters=[ReporterInput(declaration=Declaration.NONE)],
        received_at=_ago(now, 5, 6),
    )
    report_withdraw(report=withdrawn.report)

    # 5-6. Citizen, QR codes at an enterprise and at a poster.
    chem_point, bus_point = points["HHQYA2"], points["HHZPE6"]
    report_create(
        source=Source.CITIZEN,
        channel=Channel.QR,
        category=category["hazardous_chemicals"],
        description=(
            "仓库里油漆稀释剂和液化气瓶混放在一起，库房门口的灭火器是空的，"
            "叉车师傅经常在库房里抽烟。"
        ),
        village=chem_point.village,
        address=chem_point.address,
        enterprise=chem_point.enterprise,
        intake_point=chem_point,
        reporters=[ReporterInput(declaration=Declaration.NONE)],
        received_at=_ago(now, 15, 1),
    )
    report_create(
        source=Source.CITIZEN,
        channel=Channel.QR,
        category=category["road_transport"],
        description=(
            "恒合开往万州早上7点那班客车经常超员，过道上都站满了人，"
            "上周五我数了有30多人，车上写的核载19人。"
        ),
        village=bus_point.village,
        address="恒合汽车站",
        enterprise=ent["bus_company"],
        intake_point=bus_point,
        seen_on=calendar.local_date(_ago(now, 4)),
        reporters=[ReporterInput(name="李小燕", phone="13900005678", declaration=Declaration.NONE)],
        received_at=_ago(now, 3, 4),
    )

    # 7-13. Entered by the safety office.
    report_create(
        source=Source.OFFICE,
        channel=Channel.PHONE,
        category=category["concealed_accident"],
        description=(
            "来电反映：茶叶加工厂揉捻机传动皮带没有防护罩，上个月有工人右手被卷入受伤，"
            "送万州医院治疗，厂里没有上报。来电人不愿留姓名。"
        ),
        village=units["梨树村"],
        address="梨树村4组",
        enterprise=ent["tea_factory"],
        reporters=[ReporterInput(declaration=Declaration.UNKNOWN)],
        received_at=_ago(now, 17, 2),
        actor=intake_user,
    )
    report_create(
        source=Source.OFFICE,
        channel=Channel.LETTER,
        category=category["mining"],
        description=(
            "来信反映：柳坪石材公司越界开采到5组后山，爆破时飞石落到村民房顶，"
            "打坏瓦片，山上已经出现裂缝。信末有署名和电话。"
        ),
        village=units["柳坪村"],
        address="柳坪村5组后山",
        enterprise=ent["quarry"],
        seen_on=calendar.local_date(_ago(now, 20)),
        reporters=[
            ReporterInput(name="王德贵", phone="13800002468", declaration=Declaration.UNKNOWN)
        ],
        received_at=_ago(now, 14, 6),
        actor=intake_user,
    )
    report_create(
        source=Source.OFFICE,
        channel=Channel.VISIT,
        category=category["illegal_production"],
        description=(
            "两位村民来访反映：木制品公司被责令停产整改后，晚上关起门偷偷生产，"
            "车间粉尘很大，除尘设备没有开。"
        ),
        village=units["前进村"],
        address="前进村1组工业点",
        enterprise=ent["timber_mill"],
        reporters=[
            ReporterInput(name="陈永福", phone="13900002345", declaration=Declaration.NONE),
            ReporterInput(name="陈桂兰", phone="13900002346", declaration=Declaration.NONE),
        ],
        received_at=_ago(now, 11, 3),
        actor=intake_user,
    )
    report_create(
        source=Source.OFFICE,
        channel=Channel.WECHAT,
        category=category["gas"],
        description=(
            "微信公众号留言：液化气供应站给居民充装过期钢瓶，还用三轮车一次拉二十多个气瓶往村里送。"
        ),
        village=units["恒合社区"],
        address="恒合社区集镇街9号",
        enterprise=ent["lpg_shop"],
        reporters=[ReporterInput(declaration=Declaration.UNKNOWN)],
        received_at=_ago(now, 8, 1),
        actor=intake_user,
    )
    report_create(
        source=Source.OFFICE,
        channel=Channel.EMAIL,
        category=category["construction"],
        description=(
            "邮件反映：安置房工地7号楼外脚手架没有连墙件，工人高处作业不系安全带，"
            "楼层临边没有防护栏杆。"
        ),
        village=units["恒合社区"],
        address="恒合社区新街安置房工地7号楼",
        enterprise=ent["resettlement_site"],
        reporters=[ReporterInput(name="赵建华", phone="13900003456", declaration=Declaration.NONE)],
        received_at=_ago(now, 6, 2),
        actor=intake_user,
    )
    report_create(
        source=Source.OFFICE,
        channel=Channel.INFORMANT,
        category=category["fire_safety"],
        description=(
            "网格员报告：集镇街一家超市一楼堆货、二楼住人，只有一个楼梯，晚上电动车推进楼道里充电。"
        ),
        village=units["恒合社区"],
        address="恒合社区集镇街72号",
        enterprise_name="集镇街72号超市",
        reporters=[
            ReporterInput(informant=informants["community_grid"], declaration=Declaration.STAFF)
        ],
        received_at=_ago(now, 4, 5),
        actor=intake_user,
    )
    report_create(
        source=Source.OFFICE,
        channel=Channel.INFORMANT,
        category=category["fireworks"],
        description=(
            "线人报告：场镇口烟花爆竹零售点在后面民房里存放大量烟花，明显超过许可储存量，"
            "还在向周边村民出售大型组合烟花。"
        ),
        village=units["恒合村"],
        address="恒合村1组场镇口",
        enterprise=ent["fireworks_shop"],
        reporters=[
            ReporterInput(confidential_source=sources["眼线-02"], declaration=Declaration.NONE)
        ],
        received_at=_ago(now, 2, 3),
        actor=intake_user,
    )

    # 14-15. Received by a unit itself and registered in /unit/.
    report_create(
        source=Source.UNIT,
        channel=Channel.PHONE,
        category=category["special_equipment"],
        description=(
            "村民打电话到村委会反映：1组有农户在自家房屋开白酒作坊，"
            "蒸馏用的小锅炉没有检验，安全阀锈死了。"
        ),
        village=units["恒合村"],
        address="恒合村1组",
        enterprise_name="恒合村1组白酒作坊",
        reporters=[ReporterInput(declaration=Declaration.UNKNOWN)],
        received_at=_ago(now, 7, 4),
        received_by_unit=units["恒合村"],
        actor=users["village"],
    )
    report_create(
        source=Source.UNIT,
        channel=Channel.VISIT,
        category=category["construction"],
        description=(
            "群众到规建办反映：七龙社区有农户把自建三层房改做民宿，正在加建第四层，"
            "一楼承重墙已出现裂缝，没有请有资质的施工队。"
        ),
        village=units["七龙社区"],
        address="七龙社区观景台下方",
        reporters=[ReporterInput(name="冉光明", phone="13800003579", declaration=Declaration.NONE)],
        received_at=_ago(now, 10, 2),
        received_by_unit=units["规划建设管理环保办公室"],
        actor=users["officer"],
    )

    # 16-17. Assigned from above: no reporters, no receipt code, their own number and deadline.
    received = _ago(now, 13, 1)
    report_create(
        source=Source.UPSTREAM,
        channel=Channel.HOTLINE_12350,
        category=category["road_transport"],
        description=(
            "12350热线工单：群众反映恒合乡大山村至梨树村公路上有无牌拖拉机"
            "逢场天长期违法载人赶场，请核查处理并回复。"
        ),
        village=units["大山村"],
        address="大山村至梨树村公路",
        reporters=[],
        received_at=received,
        upstream_body="12350热线",
        external_number=f"12350-{calendar.local_date(received):%Y%m%d}-0421",
        upstream_deadline=upstream_deadline(received),
        actor=intake_user,
    )
    received = _ago(now, 16, 4)
    report_create(
        source=Source.UPSTREAM,
        channel=Channel.DISTRICT_SLIP,
        category=category["major_hazard"],
        description=(
            "区安委办交办：群众举报柳坪村石材开采企业未按设计台阶开采，形成高陡边坡，"
            "存在垮塌风险。请于期限内核查并书面回复。"
        ),
        village=units["柳坪村"],
        address="柳坪村5组石槽湾采区",
        enterprise=ent["quarry"],
        reporters=[],
        received_at=received,
        upstream_body="万州区安委办",
        external_number=f"WZ-AJ-{calendar.local_date(received):%Y}-0153",
        upstream_deadline=upstream_deadline(received),
        actor=intake_user,
    )

    from demo.history import load_history
    from demo.lifecycle import advance_demo_cases

    advance_demo_cases(units_demo)
    load_history(units_demo)
    return [receipts.display(intake.receipt_code) for intake in (hotel, sand)]
