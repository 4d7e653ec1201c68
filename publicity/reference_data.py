"""The campaign's reference data: the "七个一" items and their measures with targets
(渝安办〔2022〕21号 as relayed by 大渡口区), the 11 columns of the monthly form (附件3 of the same
notice) and the 12 key tasks of 恒合府发〔2023〕14号 (附件2). Loaded by a data migration and by
``load_reference_data``; idempotent, and never changes what an administrator edited."""

from typing import Any

SOURCE_21 = "渝安办〔2022〕21号（大渡口区安委办转发）"
SOURCE_14 = "恒合府发〔2023〕14号"

# code, number, name, description, source
ITEMS = [
    (
        "open_letter",
        1,
        "社会各界一封信",
        "发放《安全生产举报奖励公开信》，发挥人大代表、政协委员等各界人士的号召作用。",
        SOURCE_21,
    ),
    (
        "media",
        2,
        "网络媒体一报道",
        "利用电视电台、网站、手机报、微信微博、抖音等，每季度不少于一篇（次）宣传报道。",
        SOURCE_21,
    ),
    (
        "screen",
        3,
        "商圈广场一视屏",
        "在繁华商圈（广场）或人员密集商业地段的电子视屏上播放短视频、宣传画。",
        SOURCE_21,
    ),
    (
        "booklet",
        4,
        "安全“五进”一画册",
        "发放《安全生产举报奖励——一看就明白》画册，进乡村、进社区、进街道、进校园、进企业。",
        SOURCE_21,
    ),
    (
        "column",
        5,
        "村居社区一专栏",
        "每个村居（社区）设置举报奖励宣传专栏；农村型社区在醒目位置喷绘1条以上墙体标语。",
        SOURCE_21,
    ),
    (
        "slogan",
        6,
        "重点部位一标语",
        "在建筑工地、交通站点、消防重点单位等醒目位置悬挂标语、张贴海报。",
        SOURCE_21,
    ),
    (
        "enterprise",
        7,
        "生产企业一措施",
        "大门和厂区3张以上横幅（海报）；安全责任公示牌和“两单两卡”加印二维码；车间1张以上行业海报；培训讲清“举报什么、向谁举报、怎样举报、举报有奖”；重点企业物色信息员。",
        SOURCE_21,
    ),
    (
        "event",
        None,
        "现场宣传活动",
        "每年至少组织1次举报奖励现场宣传活动，用好安全生产月、“5·12”防灾减灾日等节点。",
        SOURCE_14,
    ),
]

# item, code, name, counted in, scope, target, period, source
MEASURES = [
    ("open_letter", "open_letter", "发放公开信", "封", "none", 0, "year", "activities"),
    ("media", "media_report", "网络媒体报道", "次", "township", 1, "quarter", "activities"),
    ("screen", "screen", "商圈广场视屏", "个", "none", 0, "year", "activities"),
    ("booklet", "booklet", "发放“一看就明白”画册", "册", "none", 0, "year", "activities"),
    ("column", "village_column", "村居（社区）宣传专栏", "个", "place", 1, "year", "activities"),
    ("column", "wall_slogan", "农村墙体标语", "条", "rural_place", 1, "year", "activities"),
    ("slogan", "site_slogan", "重点部位标语、海报", "张", "none", 0, "year", "activities"),
    (
        "enterprise",
        "gate_banner",
        "大门和厂区横幅（海报）",
        "张",
        "enterprise",
        3,
        "year",
        "activities",
    ),
    (
        "enterprise",
        "board_qr",
        "安全责任公示牌加印二维码",
        "个",
        "enterprise",
        1,
        "year",
        "activities",
    ),
    ("enterprise", "card_qr", "“两单两卡”加印二维码", "张", "enterprise", 1, "year", "activities"),
    ("enterprise", "workshop_poster", "车间行业海报", "张", "workshop", 1, "year", "activities"),
    ("enterprise", "training", "企业举报奖励培训", "次", "enterprise", 1, "year", "activities"),
    ("enterprise", "informant", "重点企业信息员", "人", "key_enterprise", 1, "year", "informants"),
    ("event", "onsite_event", "举报奖励现场宣传活动", "次", "township", 1, "year", "activities"),
]

# code, title, counted in, source, measures (every column counts what units recorded as done)
COLUMNS = [
    ("open_letter", "公开信", "封", "activities", ["open_letter"]),
    ("media", "网络媒体报道", "次", "activities", ["media_report"]),
    ("screen", "商圈广场视屏", "个", "activities", ["screen"]),
    ("booklet", "五进画册", "册", "activities", ["booklet"]),
    ("column", "村居（社）宣传专栏", "个", "activities", ["village_column"]),
    (
        "slogan",
        "标语海报",
        "条、张",
        "activities",
        ["wall_slogan", "site_slogan", "gate_banner", "workshop_poster"],
    ),
    ("card_qr", "两单两卡加印二维码", "个", "activities", ["card_qr"]),
    ("board_icon", "责任公示牌加贴图标", "个", "activities", ["board_qr"]),
    ("training", "企业培训", "次", "activities", ["training"]),
    ("informants", "建立信息员", "人", "informants", []),
    ("filed_leads", "获取立案查处以上线索", "条", "filed_leads", []),
]

STATIONS = "station,member"
STATIONS_LABEL = "各站办所中心（队）和乡属成员单位"
OFFICE = "township"
OFFICE_LABEL = "乡安委办"

# number, group, task, responsible kinds, label, schedule, (month, day), deadline as written
TASKS = [
    (
        1,
        "抓实工作责任",
        "结合工作实际完善配套制度文件，健全闭环运行机制；召开推进会，压实主体责任。",
        STATIONS,
        STATIONS_LABEL,
        "date",
        (3, 31),
        "3月31日前",
    ),
    (
        2,
        "抓实工作责任",
        "将举报奖励工作纳入日常安全生产工作同部署、同推进。",
        STATIONS,
        STATIONS_LABEL,
        "ongoing",
        None,
        "长期坚持",
    ),
    (
        3,
        "完善体制机制",
        "确定责任领导和科室，明确专人负责，常态化运转。",
        STATIONS,
        STATIONS_LABEL,
        "date",
        (3, 31),
        "3月31日前",
    ),
    (
        4,
        "完善体制机制",
        "建立举报奖励成员单位联席会议会商机制，定期开展工作推进会议，解决实际问题。",
        OFFICE,
        OFFICE_LABEL,
        "quarterly",
        None,
        "每季度1次",
    ),
    (
        5,
        "完善体制机制",
        "建立工作督导机制，以常态督查、重点指导、定期通报等形式督促推进。",
        OFFICE,
        OFFICE_LABEL,
        "ongoing",
        None,
        "长期坚持",
    ),
    (
        6,
        "完善体制机制",
        "定期通报展示各单位工作成绩，纳入安全生产和自然灾害防治工作每月考核和年度目标考核。",
        OFFICE,
        OFFICE_LABEL,
        "half_yearly",
        None,
        "半年1次",
    ),
    (
        7,
        "深入宣传发动",
        "持续开展“七个一”（万州安委办〔2022〕115号）宣传工作，丰富宣传载体和形式。",
        STATIONS,
        STATIONS_LABEL,
        "ongoing",
        None,
        "长期坚持",
    ),
    (
        8,
        "深入宣传发动",
        "村（社区）宣传专栏常态化宣传；所辖所管企业的大门和厂区内醒目位置悬挂（张贴）3张以上横幅（海报）；安全责任公示牌和“两单两卡”上加印举报奖励二维码；车间内张贴1张以上与生产内容相关联的海报；企业组织培训，讲清“举报什么、向谁举报、怎样举报、举报有奖”等内容。",
        "village,community,station,member",
        "各村（社区）、站办所中心（队）和乡属成员单位",
        "date",
        (3, 31),
        "3月31日前",
    ),
    (
        9,
        "深入宣传发动",
        "将企业安全生产举报奖励宣传和培训工作纳入常态化执法监督、检查计划。",
        STATIONS,
        STATIONS_LABEL,
        "ongoing",
        None,
        "长期坚持",
    ),
    (
        10,
        "深入宣传发动",
        "建立信息员库，将辖区所有企业安全员、社区网格员等纳入安全信息员管理。",
        STATIONS,
        STATIONS_LABEL,
        "date",
        (4, 7),
        "4月7日前",
    ),
    (
        11,
        "强化监管执法",
        "对于系统转办的举报事项，各单位要严格按照相应的法律法规认真查处、严格执法，在规定时限内办结；本单位、本领域受理的群众电话、来信来访、电子邮件等举报数据通过系统或者电话及时报送乡应急办。",
        STATIONS,
        STATIONS_LABEL,
        "ongoing",
        None,
        "长期坚持",
    ),
    (
        12,
        "强化监管执法",
        "严格按照统一标准兑现奖励发放。",
        STATIONS,
        STATIONS_LABEL,
        "ongoing",
        None,
        "长期坚持",
    ),
]


def load_publicity(apps: Any = None) -> int:
    """Add the items, measures, form columns and key tasks that are missing (by code or
    number). Returns how many rows were added."""

    def model(name: str):
        if apps is not None:
            return apps.get_model("publicity", name)
        from publicity import models

        return getattr(models, name)

    item_model, measure_model = model("CampaignItem"), model("Measure")
    column_model, task_model = model("FormColumn"), model("KeyTask")
    added = 0
    items = {i.code: i for i in item_model.objects.all()}
    for order, (code, number, name, description, source) in enumerate(ITEMS):
        if code not in items:
            items[code] = item_model.objects.create(
                code=code,
                number=number,
                name=name,
                description=description,
                source=source,
                sort_order=(order + 1) * 10,
            )
            added += 1
    measures = {m.code: m for m in measure_model.objects.all()}
    for order, (item, code, name, unit, scope, target, period, source) in enumerate(MEASURES):
        if code not in measures:
            measures[code] = measure_model.objects.create(
                item=items[item],
                code=code,
                name=name,
                counted_in=unit,
                scope=scope,
                target=target,
                period=period,
                source=source,
                sort_order=(order + 1) * 10,
            )
            added += 1
    existing = set(column_model.objects.values_list("code", flat=True))
    for order, (code, title, unit, source, codes) in enumerate(COLUMNS):
        if code in existing:
            continue
        column = column_model.objects.create(
            code=code,
            title=title,
            counted_in=unit,
            source=source,
            sort_order=(order + 1) * 10,
        )
        column.measures.set([measures[c] for c in codes])
        added += 1
    numbers = set(task_model.objects.values_list("number", flat=True))
    for number, group, text, kinds, label, schedule, day, written in TASKS:
        if number in numbers:
            continue
        task_model.objects.create(
            number=number,
            group=group,
            text=text,
            responsible=kinds,
            responsible_label=label,
            schedule=schedule,
            due_month=day[0] if day else None,
            due_day=day[1] if day else None,
            deadline_label=written,
        )
        added += 1
    return added
