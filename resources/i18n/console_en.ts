<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>AlarmBanner</name>
    <message>
      <location filename="../../widgets/alarm_banner.py" line="121" />
      <source>告警</source>
      <translation>Alarms</translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/alarm_banner.py" line="133" />
      <source>另有 %n 条告警</source>
      <translation>
        <numerusform>%n more alarm</numerusform>
        <numerusform>%n more alarms</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/alarm_banner.py" line="140" />
      <source>⚠ 告警涌入:10 分钟内 %n 条告警</source>
      <translation>
        <numerusform>⚠ Alarm flood: %n alarm in 10 minutes</numerusform>
        <numerusform>⚠ Alarm flood: %n alarms in 10 minutes</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../widgets/alarm_banner.py" line="144" />
      <source>全部确认</source>
      <translation>Acknowledge all</translation>
    </message>
    <message>
      <location filename="../../widgets/alarm_banner.py" line="155" />
      <source>确认</source>
      <translation>Acknowledge</translation>
    </message>
    <message>
      <location filename="../../widgets/alarm_banner.py" line="160" />
      <source>搁置…</source>
      <translation>Shelve…</translation>
    </message>
    <message>
      <location filename="../../widgets/alarm_banner.py" line="163" />
      <source>详情</source>
      <translation>Details</translation>
    </message>
    <message>
      <location filename="../../widgets/alarm_banner.py" line="179" />
      <source>无法确认</source>
      <translation>Cannot acknowledge</translation>
    </message>
    <message>
      <location filename="../../widgets/alarm_banner.py" line="195" />
      <location filename="../../widgets/alarm_banner.py" line="199" />
      <source>搁置告警</source>
      <translation>Shelve alarm</translation>
    </message>
    <message>
      <location filename="../../widgets/alarm_banner.py" line="195" />
      <source>原因:</source>
      <translation>Reason:</translation>
    </message>
    <message>
      <location filename="../../widgets/alarm_banner.py" line="199" />
      <source>搁置分钟数:</source>
      <translation>Shelve for (minutes):</translation>
    </message>
    <message>
      <location filename="../../widgets/alarm_banner.py" line="208" />
      <source>无法搁置</source>
      <translation>Cannot shelve</translation>
    </message>
  </context>
  <context>
    <name>Charts</name>
    <message>
      <location filename="../../widgets/charts.py" line="31" />
      <source>未来 4 小时到期(按工作组)</source>
      <translation>Deadlines in the next 4 hours (by group)</translation>
    </message>
    <message>
      <location filename="../../widgets/charts.py" line="32" />
      <source>距现在(分钟)</source>
      <translation>From now (minutes)</translation>
    </message>
    <message>
      <location filename="../../widgets/charts.py" line="33" />
      <source>本班各组待办任务数</source>
      <translation>Open tasks per group this shift</translation>
    </message>
    <message>
      <location filename="../../widgets/charts.py" line="34" />
      <source>距现在(小时)</source>
      <translation>From now (hours)</translation>
    </message>
  </context>
  <context>
    <name>CommandScreen</name>
    <message>
      <location filename="../../widgets/screens.py" line="227" />
      <source>进行中的事件</source>
      <translation>Active incidents</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="274" />
      <source>(暂无重要动态)</source>
      <translation>(no significant events yet)</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="313" />
      <source>启动预案</source>
      <translation>Activate plan</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="313" />
      <source>对事件 #%1 启动预案?</source>
      <translation>Activate the plan for incident #%1?</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="325" />
      <source>调整响应级别</source>
      <translation>Change response level</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="342" />
      <source>推进事件状态</source>
      <translation>Advance incident</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="352" />
      <location filename="../../widgets/screens.py" line="362" />
      <source>改派任务</source>
      <translation>Reassign task</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="352" />
      <source>请先在工作组看板中选中一项任务。</source>
      <translation>Select a task on a group board first.</translation>
    </message>
  </context>
  <context>
    <name>DrillBar</name>
    <message>
      <location filename="../../widgets/drill.py" line="116" />
      <location filename="../../widgets/drill.py" line="176" />
      <source>暂停 (F8)</source>
      <translation>Pause (F8)</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="118" />
      <source>结束演练…</source>
      <translation>End drill…</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="120" />
      <source>演练报告…</source>
      <translation>Drill report…</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="146" />
      <source>脚本代演</source>
      <translation>scripted</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="165" />
      <source>进行中</source>
      <translation>Running</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="166" />
      <source>已暂停</source>
      <translation>paused</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="167" />
      <source>已结束</source>
      <translation>ended</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="176" />
      <source>继续 (F8)</source>
      <translation>Resume (F8)</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="187" />
      <location filename="../../widgets/drill.py" line="208" />
      <source>演练</source>
      <translation>Drill</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="199" />
      <source>结束演练</source>
      <translation>End drill</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="199" />
      <source>演练总结(可留空,稍后在报告中填写):</source>
      <translation>Closing notes (may be left empty and written in the report later):</translation>
    </message>
  </context>
  <context>
    <name>DrillReportDialog</name>
    <message>
      <location filename="../../widgets/drill.py" line="225" />
      <location filename="../../widgets/drill.py" line="268" />
      <source>演练评估报告</source>
      <translation>Drill report</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="241" />
      <source>各组各岗位</source>
      <translation>Groups and roles</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="245" />
      <source>告警确认</source>
      <translation>Alarm acknowledgement</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="249" />
      <source>与预案时限对比</source>
      <translation>Against the plan's deadlines</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="254" />
      <source>注入与指挥记录</source>
      <translation>Injects and command notes</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="256" />
      <source>演练总结:</source>
      <translation>Closing notes:</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="264" />
      <source>保存总结</source>
      <translation>Save notes</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="267" />
      <source>保存 PDF…</source>
      <translation>Save PDF…</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="278" />
      <source>演练</source>
      <translation>Drill</translation>
    </message>
  </context>
  <context>
    <name>DutyDesk</name>
    <message>
      <location filename="../../widgets/screens.py" line="442" />
      <source>接报登记 (Ctrl+N)</source>
      <translation>Register report (Ctrl+N)</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="456" />
      <location filename="../../widgets/screens.py" line="498" />
      <source>值班日志</source>
      <translation>Duty log</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="460" />
      <source>记录本班情况,回车保存(选中事件则记入该事件)</source>
      <translation>Log this shift; Enter saves (to the selected incident)</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="498" />
      <source>请先选中一起事件。</source>
      <translation>Select an incident first.</translation>
    </message>
  </context>
  <context>
    <name>GroupSeat</name>
    <message>
      <location filename="../../widgets/screens.py" line="375" />
      <source>本组任务 — %1</source>
      <translation>Our group's tasks — %1</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="383" />
      <source>完成备注(可选)</source>
      <translation>Note on completion (optional)</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="384" />
      <source>完成 ✔ (Ctrl+Enter)</source>
      <translation>Done ✔ (Ctrl+Enter)</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="385" />
      <source>受阻… (Ctrl+B)</source>
      <translation>Blocked… (Ctrl+B)</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="386" />
      <source>撤销完成 (Ctrl+Z)</source>
      <translation>Undo done (Ctrl+Z)</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="424" />
      <source>标记受阻</source>
      <translation>Mark blocked</translation>
    </message>
    <message>
      <location filename="../../widgets/screens.py" line="424" />
      <source>受阻原因:</source>
      <translation>What blocks it:</translation>
    </message>
  </context>
  <context>
    <name>IncidentDetail</name>
    <message>
      <location filename="../../widgets/detail.py" line="53" />
      <location filename="../../widgets/detail.py" line="60" />
      <source>时钟</source>
      <translation>Clocks</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="53" />
      <location filename="../../widgets/detail.py" line="56" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="53" />
      <source>起算</source>
      <translation>Started</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="53" />
      <location filename="../../widgets/detail.py" line="56" />
      <source>期限</source>
      <translation>Deadline</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="54" />
      <source>已用</source>
      <translation>Elapsed</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="54" />
      <source>剩余</source>
      <translation>Left</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="56" />
      <location filename="../../widgets/detail.py" line="61" />
      <source>任务</source>
      <translation>Tasks</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="56" />
      <source>岗位</source>
      <translation>Role</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="57" />
      <source>完成人/时间</source>
      <translation>Done by / at</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="59" />
      <source>接报信息</source>
      <translation>Report</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="62" />
      <source>时间线</source>
      <translation>Timeline</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="67" />
      <source>值班日志:输入后回车</source>
      <translation>Duty log: type and press Enter</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="68" />
      <source>重要(上指挥屏)</source>
      <translation>Significant (to the command screen)</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="69" />
      <source>记录</source>
      <translation>Record</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="77" />
      <source>结案报告:预览与打印…</source>
      <translation>Incident report: preview and print…</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="87" />
      <source>结案报告</source>
      <translation>Incident report</translation>
    </message>
    <message>
      <location filename="../../widgets/detail.py" line="153" />
      <source>未记录</source>
      <translation>Not recorded</translation>
    </message>
    <message>
      <source>渠道</source>
      <translation>Channel</translation>
    </message>
    <message>
      <source>接报时间</source>
      <translation>Received at</translation>
    </message>
    <message>
      <source>投诉人</source>
      <translation>Complainant</translation>
    </message>
    <message>
      <source>联系方式</source>
      <translation>Contact</translation>
    </message>
    <message>
      <source>人数</source>
      <translation>People</translation>
    </message>
    <message>
      <source>核心诉求</source>
      <translation>Core demands</translation>
    </message>
    <message>
      <source>地点</source>
      <translation>Location</translation>
    </message>
    <message>
      <source>情绪状态</source>
      <translation>Emotional state</translation>
    </message>
    <message>
      <source>投诉类型</source>
      <translation>Complaint type</translation>
    </message>
    <message>
      <source>登记人</source>
      <translation>Recorded by</translation>
    </message>
    <message>
      <source>待办</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>已完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>受阻</source>
      <translation>Blocked</translation>
    </message>
  </context>
  <context>
    <name>IncidentTableModel</name>
    <message>
      <source>最紧急</source>
      <translation>Most urgent</translation>
    </message>
    <message>
      <source>级别</source>
      <translation>Level</translation>
    </message>
    <message>
      <source>事件</source>
      <translation>Incident</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <source>待办</source>
      <translation>Open</translation>
    </message>
  </context>
  <context>
    <name>IntakeDialog</name>
    <message>
      <location filename="../../widgets/intake.py" line="36" />
      <source>接报登记</source>
      <translation>Register report</translation>
    </message>
    <message>
      <location filename="../../widgets/intake.py" line="43" />
      <source>一句话说明:谁、在哪、因为什么</source>
      <translation>One line: who, where, about what</translation>
    </message>
    <message>
      <location filename="../../widgets/intake.py" line="59" />
      <source>例如:平稳 / 激动 / 有过激行为</source>
      <translation>e.g. calm / agitated / aggressive</translation>
    </message>
    <message>
      <location filename="../../widgets/intake.py" line="90" />
      <source>保存 (Ctrl+Enter)</source>
      <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
      <location filename="../../widgets/intake.py" line="129" />
      <source>(未分类)</source>
      <translation>(unclassified)</translation>
    </message>
    <message>
      <source>预案</source>
      <translation>Plan</translation>
    </message>
    <message>
      <source>事由</source>
      <translation>What happened</translation>
    </message>
    <message>
      <source>渠道</source>
      <translation>Channel</translation>
    </message>
    <message>
      <source>响应级别</source>
      <translation>Response level</translation>
    </message>
    <message>
      <source>投诉类型</source>
      <translation>Complaint type</translation>
    </message>
    <message>
      <source>人数</source>
      <translation>People</translation>
    </message>
    <message>
      <source>核心诉求</source>
      <translation>Core demands</translation>
    </message>
    <message>
      <source>地点</source>
      <translation>Location</translation>
    </message>
    <message>
      <source>投诉人</source>
      <translation>Complainant</translation>
    </message>
    <message>
      <source>联系方式</source>
      <translation>Contact</translation>
    </message>
    <message>
      <source>情绪状态</source>
      <translation>Emotional state</translation>
    </message>
    <message>
      <source>接报时间</source>
      <translation>Received at</translation>
    </message>
    <message>
      <source>现场</source>
      <translation>On site</translation>
    </message>
    <message>
      <source>电话</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>网络</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>第三方</source>
      <translation>Third party</translation>
    </message>
  </context>
  <context>
    <name>Lane</name>
    <message numerus="yes">
      <location filename="../../widgets/screens.py" line="155" />
      <source>超时 %n</source>
      <translation>
        <numerusform>lapsed %n</numerusform>
        <numerusform>lapsed %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/screens.py" line="157" />
      <source>受阻 %n</source>
      <translation>
        <numerusform>blocked %n</numerusform>
        <numerusform>blocked %n</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../widgets/main_window.py" line="46" />
      <source>应急指挥台</source>
      <translation>Incident Command Console</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="80" />
      <source>看板</source>
      <translation>Boards</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="85" />
      <source>图表</source>
      <translation>Charts</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="137" />
      <source>事件</source>
      <translation>Incident</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="139" />
      <source>接报登记…</source>
      <translation>Register report…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="141" />
      <source>事件详情</source>
      <translation>Incident details</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="146" />
      <source>启动预案</source>
      <translation>Activate plan</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="153" />
      <source>调整响应级别…</source>
      <translation>Change response level…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="160" />
      <source>推进事件状态…</source>
      <translation>Advance incident…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="167" />
      <source>改派任务…</source>
      <translation>Reassign task…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="173" />
      <source>任务</source>
      <translation>Tasks</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="175" />
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="178" />
      <source>标记受阻…</source>
      <translation>Mark blocked…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="181" />
      <source>撤销完成</source>
      <translation>Undo done</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="183" />
      <source>告警</source>
      <translation>Alarms</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="185" />
      <source>确认最紧急告警</source>
      <translation>Acknowledge the most urgent alarm</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="189" />
      <source>搁置最紧急告警…</source>
      <translation>Shelve the most urgent alarm…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="194" />
      <source>打印</source>
      <translation>Print</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="197" />
      <source>交接班单:预览与打印…</source>
      <translation>Handover sheet: preview and print…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="203" />
      <source>交接班单:保存 PDF…</source>
      <translation>Handover sheet: save PDF…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="207" />
      <source>视图</source>
      <translation>View</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="208" />
      <source>墙屏模式</source>
      <translation>Wall mode</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="209" />
      <source>告警声音</source>
      <translation>Alarm sound</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="213" />
      <source>English(下次登录生效)</source>
      <translation>English (from the next sign-in)</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="219" />
      <source>演练</source>
      <translation>Drill</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="220" />
      <source>暂停/继续</source>
      <translation>Pause / resume</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="221" />
      <source>结束演练…</source>
      <translation>End drill…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="222" />
      <source>演练报告…</source>
      <translation>Drill report…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="223" />
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="224" />
      <source>退出</source>
      <translation>Quit</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="292" />
      <source>⚠ 数据库连接中断(%1 起)。屏幕显示最后已知状态,倒计时按已知期限继续;此时的操作不会保存。正在自动重连…</source>
      <translation>⚠ Database connection lost (since %1). The screen shows the last known state and the countdowns run on the known deadlines; actions now are not saved. Reconnecting…</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="302" />
      <source>数据库已恢复连接,已同步最新状态</source>
      <translation>Database connection restored; the screen is up to date</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="340" />
      <source>本年度日历未确认</source>
      <translation>this year's calendar is unconfirmed</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="369" />
      <source>演练:</source>
      <translation>Drill: </translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="386" />
      <source>交接班单</source>
      <translation>Handover sheet</translation>
    </message>
    <message>
      <location filename="../../widgets/main_window.py" line="399" />
      <source>语言将在下次登录时切换</source>
      <translation>The language changes at the next sign-in</translation>
    </message>
  </context>
  <context>
    <name>QDialog</name>
    <message>
      <location filename="../../widgets/signin.py" line="31" />
      <source>首次使用</source>
      <translation>First run</translation>
    </message>
    <message>
      <location filename="../../widgets/signin.py" line="32" />
      <source>数据库中还没有用户。

载入演示数据吗?(群体投诉预案、各岗位用户、几起进行中的事件;密码均为 %1。此数据库将成为测试库,处处标注“测试”,不能再用于真实事件)

选“否”则创建第一位组长。</source>
      <translation>There are no users in this database yet.

Load the demo? (the mass-complaint plan, a user for every seat, a few live incidents; every password is %1. This database becomes a sandbox, marked 测试 everywhere, and cannot be used for real incidents)

Choose No to create the first leader.</translation>
    </message>
    <message>
      <location filename="../../widgets/signin.py" line="38" />
      <location filename="../../widgets/signin.py" line="41" />
      <source>创建组长</source>
      <translation>Create the leader</translation>
    </message>
    <message>
      <location filename="../../widgets/signin.py" line="38" />
      <source>用户名:</source>
      <translation>User name:</translation>
    </message>
    <message>
      <location filename="../../widgets/signin.py" line="41" />
      <source>密码(至少 8 位):</source>
      <translation>Password (8+ characters):</translation>
    </message>
    <message>
      <location filename="../../widgets/signin.py" line="48" />
      <source>未创建</source>
      <translation>Not created</translation>
    </message>
  </context>
  <context>
    <name>Seat</name>
    <message>
      <location filename="../../widgets/screens.py" line="195" />
      <source>未执行</source>
      <translation>Not done</translation>
    </message>
  </context>
  <context>
    <name>SignIn</name>
    <message>
      <location filename="../../widgets/signin.py" line="58" />
      <source>应急指挥台 — 登录</source>
      <translation>Incident Command Console — Sign in</translation>
    </message>
    <message>
      <location filename="../../widgets/signin.py" line="75" />
      <source>用户:</source>
      <translation>User:</translation>
    </message>
    <message>
      <location filename="../../widgets/signin.py" line="76" />
      <source>密码:</source>
      <translation>Password:</translation>
    </message>
    <message>
      <location filename="../../widgets/signin.py" line="77" />
      <source>语言:</source>
      <translation>Language:</translation>
    </message>
    <message>
      <location filename="../../widgets/signin.py" line="100" />
      <source>用户名或密码不正确</source>
      <translation>Wrong user name or password</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="104" />
      <source>连续 5 次密码错误,已锁定 5 分钟,请稍后再试</source>
      <translation>Locked for 5 minutes after 5 wrong passwords; try again later</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="105" />
      <source>此用户已停用,请联系管理员</source>
      <translation>This user is deactivated; ask the administrator</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="106" />
      <source>此用户尚未设置密码,请联系管理员</source>
      <translation>This user has no password yet; ask the administrator</translation>
    </message>
  </context>
  <context>
    <name>TaskTableModel</name>
    <message>
      <location filename="../../widgets/task_model.py" line="216" />
      <source>受阻</source>
      <translation>Blocked</translation>
    </message>
    <message>
      <location filename="../../widgets/task_model.py" line="217" />
      <source>暂停</source>
      <translation>Paused</translation>
    </message>
    <message>
      <location filename="../../widgets/task_model.py" line="217" />
      <source>超时</source>
      <translation>Lapsed</translation>
    </message>
    <message>
      <location filename="../../widgets/task_model.py" line="217" />
      <source>预警</source>
      <translation>Warning</translation>
    </message>
    <message>
      <location filename="../../widgets/task_model.py" line="218" />
      <source>进行中</source>
      <translation>Running</translation>
    </message>
    <message>
      <source>剩余</source>
      <translation>Left</translation>
    </message>
    <message>
      <source>任务</source>
      <translation>Tasks</translation>
    </message>
    <message>
      <source>事件</source>
      <translation>Incident</translation>
    </message>
    <message>
      <source>岗位</source>
      <translation>Role</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>State</translation>
    </message>
  </context>
  <context>
    <name>self.parent</name>
    <message>
      <location filename="../../widgets/printing.py" line="56" />
      <source>未打印</source>
      <translation>Not printed</translation>
    </message>
    <message>
      <location filename="../../widgets/printing.py" line="79" />
      <source>保存 PDF</source>
      <translation>Save PDF</translation>
    </message>
  </context>
</TS>