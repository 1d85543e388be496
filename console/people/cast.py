"""The demo's people: one for every seat of the plans' org chart, with their groups, A角/B角
and org roles. The demo database and a drill's default cast are made of them."""

# (name, display name, role, group, org role, A/B)
DEMO_USERS = [
    ("zhang", "张组长", "leader", None, "leader", "A"),
    ("li", "李副组长", "deputy", None, "deputy_business", "A"),
    ("wang", "王协调", "coordinator", "coordination", "coordination_lead", "A"),
    ("zhao", "赵现场", "coordinator", "onsite", "onsite_lead", "A"),
    ("sun", "孙安保", "member", "onsite", "onsite_guard", "A"),
    ("qian", "钱谈判", "coordinator", "negotiation", "negotiation_lead", "A"),
    ("zhou", "周研判", "coordinator", "analysis", "analysis_lead", "A"),
    ("wu", "吴发布", "coordinator", "publicity", "publicity_lead", "A"),
    ("zheng", "郑后勤", "coordinator", "logistics", "logistics_lead", "A"),
    ("chen", "陈专员", "coordinator", "execution", "complaint_officer", "A"),
    ("duty", "值班员小刘", "duty_officer", None, None, None),
    ("audit", "监督小何", "supervisor", "supervision", "cx_reviewer", "A"),
]
