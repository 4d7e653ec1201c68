"""Demo campaign work for 恒合土家族乡 (``load_demo``), through the services as in real use:

- activities of the last month and this one: open letters, a WeChat report, booklets, village
  columns and wall slogans, enterprise banners, QR on boards and cards, workshop posters and
  training, with photos on some; enough left undone that the owed list means something;
- QR sticker sheets printed last month (a print run only: the form counts the stickers the
  station recorded as put up);
- last month's forms: 恒合村's submitted on paper by the office, the station's submitted by
  its head after a correction; the township's own waiting for the office to submit;
- the year's key-task plan with some tasks done, the last quarter's joint meeting, and the
  concluded hotel case written up as a typical case for the leader to review.
"""

import datetime as dt
from typing import Any

from django.db.models import F

from core.calendar import day_start, local_date
from demo.intake_points import demo_photo
from publicity import selectors, services
from publicity.models import Activity, FormColumn, Measure, PrintRecord, TaskAssignment
from publicity.periods import last_ended, period_containing, quarter_of, quarter_range
from reports.models import Report
from units.models import Informant

DONE_EARLY = dt.timedelta(days=3, hours=-10)  # three days before the deadline, at ten


def load_publicity_demo(units_demo: dict[str, Any]) -> None:
    if Activity.objects.exists():
        return
    units, users, ent = units_demo["units"], units_demo["users"], units_demo["enterprises"]
    township = units_demo["township"]
    office, officer, head = users["intake"], users["officer"], users["head"]
    station = units["规划建设管理环保办公室"]
    market = units["恒合市场监管所"]
    today = local_date()
    last, current = last_ended(today), period_containing(today)
    m = {measure.code: measure for measure in Measure.objects.all()}

    def on(period, day: int) -> dt.date:
        return min(period.start + dt.timedelta(days=day), period.end, today)

    def record(actor, unit, code, day, count=1, **extra):
        return services.activity_record(
            actor=actor, unit=unit, measure=m[code], date=day, count=count, **extra
        )

    # The township office: letters, media, booklets, screens, slogans at transport stops.
    record(office, township, "open_letter", on(last, 2), 300, location="乡人大代表、政协委员座谈会")
    record(
        office,
        township,
        "media_report",
        on(last, 9),
        location="“恒合发布”微信公众号",
        link="https://mp.weixin.qq.com/s/henghe-12350-demo",
        note="《举报安全隐患，最高奖励30万元》",
    )
    record(office, township, "booklet", on(last, 12), 500, location="“五进”：恒合小学、集镇商户")
    record(office, township, "screen", on(last, 14), 2, location="集镇广场电子屏、客运站候车室")
    record(office, township, "site_slogan", on(current, 1), 6, location="客运站、集镇安置房工地")
    if today.month >= 7:
        record(
            office,
            township,
            "onsite_event",
            dt.date(today.year, 6, 16),
            location="恒合集镇广场",
            note="安全生产月举报奖励咨询日，发放宣传品400份",
            photos=[demo_photo(2)],
        )

    # Villages and communities: columns and painted wall slogans (some still owed).
    village_officer = users["village"]
    record(village_officer, units["恒合村"], "village_column", on(last, 5), place=units["恒合村"])
    record(
        village_officer,
        units["恒合村"],
        "wall_slogan",
        on(last, 6),
        place=units["恒合村"],
        location="恒合村3组公路边",
        photos=[demo_photo(3)],
    )
    for name in ("柳坪村", "恒合社区"):
        record(office, units[name], "village_column", on(last, 8), place=units[name])
    record(office, units["大山村"], "wall_slogan", on(current, 2), place=units["大山村"])

    # Enterprises: the station covers the quarry and the resettlement site; the office records
    # for the market supervision office, which works on paper.
    quarry, site, sand = ent["quarry"], ent["resettlement_site"], ent["sand_yard"]
    record(
        officer, station, "gate_banner", on(last, 3), 3, enterprise=quarry, photos=[demo_photo(4)]
    )
    record(officer, station, "board_qr", on(last, 3), enterprise=quarry)
    record(officer, station, "card_qr", on(last, 3), 40, enterprise=quarry)
    record(officer, station, "workshop_poster", on(last, 4), 3, enterprise=quarry)
    record(
        officer,
        station,
        "training",
        on(last, 10),
        enterprise=quarry,
        note="班前会讲清“举报什么、向谁举报、怎样举报、举报有奖”，32人参加",
    )
    record(officer, station, "gate_banner", on(last, 11), 3, enterprise=site)
    record(officer, station, "training", on(current, 3), enterprise=site)
    record(officer, station, "gate_banner", on(current, 4), 1, enterprise=sand)
    record(office, market, "gate_banner", on(last, 15), 3, enterprise=ent["chem_depot"])
    record(office, market, "card_qr", on(last, 15), 12, enterprise=ent["chem_depot"])

    # QR material printed last month: card stickers and board icons for the quarry.
    point = services.enterprise_point(enterprise=quarry)
    printed = services.prints_record(
        actor=officer, unit=station, points=[point], kind=PrintRecord.Kind.CARD_STICKERS
    )
    printed += services.prints_record(
        actor=officer, unit=station, points=[point], kind=PrintRecord.Kind.BOARD_STICKERS
    )
    services.prints_record(
        actor=office,
        unit=township,
        points=[services.enterprise_point(enterprise=ent["hotel"])],
        kind=PrintRecord.Kind.POSTER_A4,
    )
    shift = today - on(last, 3)
    PrintRecord.objects.filter(pk__in=[p.pk for p in printed]).update(
        printed_at=F("printed_at") - shift
    )
    # Two informants joined last month (demo only: the library was loaded today).
    Informant.objects.filter(
        pk__in=[units_demo["informants"][k].pk for k in ("dashan_grid", "community_grid")]
    ).update(registered_on=on(last, 6))

    # Last month's forms.
    if last.end < today:
        services.form_submit(
            actor=office,
            unit=units["恒合村"],
            year=last.year,
            month=last.month,
            channel="paper",
            note="村里报送纸质报表，乡安委办代录",
        )
        services.form_correct(
            actor=officer,
            unit=station,
            year=last.year,
            month=last.month,
            column=FormColumn.objects.get(code="slogan"),
            value=selectors.form_sheet(station, last)["rows"][0].values["slogan"] + 2,
            reason="另有2张车间海报贴于破碎车间，未及时录入系统",
        )
        services.form_submit(
            actor=head, unit=station, year=last.year, month=last.month, channel="system"
        )

    # The key-task plan: what fell due before today is done, but for two units that lag.
    services.task_plan_generate(actor=office, township=township, year=today.year)
    evidence = {
        1: "印发举报奖励线索查处工作制度，召开推进会",
        2: "纳入本单位安全生产工作计划，同部署同推进",
        3: "明确分管负责人和专人负责，名单报乡安委办",
        4: "召开季度联席会议，形成会议纪要",
        5: "开展常态督查，情况在联席会议上通报",
        6: "半年通报各单位工作成绩，纳入月度考核",
        7: "持续开展“七个一”宣传",
        8: "宣传专栏、横幅海报、二维码和企业培训已落实",
        9: "宣传和培训纳入执法检查计划",
        10: "辖区企业安全员、网格员纳入信息员库",
        11: "转办线索按期查处，自收线索及时报送乡应急办",
        12: "按统一标准兑现奖励",
    }
    lagging = {units["综合行政执法大队"].pk, units["七龙社区"].pk}
    for a in TaskAssignment.objects.filter(
        unit__path__startswith=township.path, year=today.year, due_date__lt=today
    ).select_related("task", "unit"):
        if a.unit_id in lagging:
            continue
        services.task_complete(
            actor=head if a.unit_id == station.pk else office,
            assignment=a,
            evidence=evidence[a.task.number],
        )
        # Done in good time, as a real year would have it (the assessment counts it so).
        TaskAssignment.objects.filter(pk=a.pk).update(done_at=day_start(a.due_date) - DONE_EARLY)

    # Last quarter's joint meeting.
    quarter, year = quarter_of(today) - 1, today.year
    if quarter == 0:
        quarter, year = 4, year - 1
    _start, end = quarter_range(year, quarter)
    services.meeting_save(
        actor=office,
        township=township,
        year=year,
        quarter=quarter,
        held_on=end - dt.timedelta(days=5),
        place="乡政府三楼会议室",
        chair="分管副乡长陈国华",
        attendees="各站办所中心（队）、乡属成员单位、各村（社区）",
        minutes="通报本季度举报受理、查处和奖励兑现情况；规建环保办汇报柳坪石材越界开采线索查处进展。",
        decisions="一、各单位10日内补齐企业大门横幅和车间海报；二、大山村、前进村月底前完成墙体标语；三、砂石场线索由规建环保办专人跟进，挂牌督办。",
    )

    # The concluded hotel case, written up as a typical case.
    hotel = Report.objects.filter(
        category__code="fire_safety", channel=Report.Channel.WEB, status=Report.Status.CONCLUDED
    ).first()
    if hotel is not None:
        draft = selectors.typical_case_prefill(hotel, office)
        services.typical_case_save(
            actor=office,
            report=hotel,
            title="扫码举报酒店宴会厅堵塞疏散通道",
            fields={k: draft[k] for k in ("lead_source", "facts", "enforcement", "reward")},
            photos=list(hotel.attachments.filter(kind__in=services.PHOTO_KINDS)[:2]),
            contact_name=draft["contact_name"],
            contact_phone=draft["contact_phone"],
        )
