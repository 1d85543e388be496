<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>AddTaskDialog</name>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="76" />
      <source>新增临时任务</source>
      <translation>Add a task</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="81" />
      <source>要做什么,例如:约见住户当面说明处理方案</source>
      <translation>What is to be done, e.g. meet the resident to explain the solution</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="89" />
      <source>时限</source>
      <translation>Within</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="90" />
      <source>截止于</source>
      <translation>Due at</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="120" />
      <source>任务</source>
      <translation>Tasks</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="121" />
      <source>工作组</source>
      <translation>Group</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="122" />
      <source>岗位</source>
      <translation>Role</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="123" />
      <source>负责人</source>
      <translation>Person</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="124" />
      <source>期限</source>
      <translation>Deadline</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="125" />
      <source>说明</source>
      <translation>Note</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="129" />
      <source>新增任务</source>
      <translation>Add task</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="151" />
      <source>(按岗位,不指定个人)</source>
      <translation>(the role, no one in particular)</translation>
    </message>
  </context>
  <context>
    <name>AlarmBanner</name>
    <message>
      <location filename="../../widgets/banner.py" line="127" />
      <source>告警</source>
      <translation>Alarms</translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/banner.py" line="180" />
      <source>%n 条新告警</source>
      <translation>
        <numerusform>%n new alarm</numerusform>
        <numerusform>%n new alarms</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/banner.py" line="138" />
      <source>另有 %n 条告警</source>
      <translation>
        <numerusform>%n more alarm</numerusform>
        <numerusform>%n more alarms</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/banner.py" line="145" />
      <source>⚠ 告警涌入:10 分钟内 %n 条告警</source>
      <translation>
        <numerusform>⚠ Alarm flood: %n alarm in 10 minutes</numerusform>
        <numerusform>⚠ Alarm flood: %n alarms in 10 minutes</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="149" />
      <source>全部确认</source>
      <translation>Acknowledge all</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="159" />
      <source>通知送达情况(席位以外)</source>
      <translation>Delivery off the seats</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="162" />
      <source>确认</source>
      <translation>Acknowledge</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="167" />
      <source>搁置…</source>
      <translation>Shelve…</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="170" />
      <source>详情</source>
      <translation>Details</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="181" />
      <source>请电话联系</source>
      <translation>telephone them</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="208" />
      <source>未送达:%1 → %2</source>
      <translation>Not delivered: %1 → %2</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="219" />
      <source>无法确认</source>
      <translation>Cannot acknowledge</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="235" />
      <location filename="../../widgets/banner.py" line="239" />
      <source>搁置告警</source>
      <translation>Shelve alarm</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="235" />
      <source>原因:</source>
      <translation>Reason:</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="239" />
      <source>搁置分钟数:</source>
      <translation>Shelve for (minutes):</translation>
    </message>
    <message>
      <location filename="../../widgets/banner.py" line="248" />
      <source>无法搁置</source>
      <translation>Cannot shelve</translation>
    </message>
    <message>
      <source>预警</source>
      <translation>Warning</translation>
    </message>
    <message>
      <source>超时</source>
      <translation>Lapsed</translation>
    </message>
    <message>
      <source>通知失败</source>
      <translation>Undelivered</translation>
    </message>
    <message>
      <source>期限</source>
      <translation>due</translation>
    </message>
  </context>
  <context>
    <name>Casework</name>
    <message>
      <source>同一客户近 %1 日内投诉 %2 次</source>
      <translation>The same customer complained %2 times in the last %1 days</translation>
    </message>
    <message>
      <source>,其中 %1 件未结</source>
      <translation>, %1 still open</translation>
    </message>
    <message>
      <source>,均已结案</source>
      <translation>, all closed</translation>
    </message>
    <message>
      <source>是文件夹,请逐个添加其中的文件</source>
      <translation>is a folder: attach its files one by one</translation>
    </message>
    <message>
      <source>%1,超过上限 %2(CONSOLE_ATTACHMENT_LIMIT_MB)</source>
      <translation>%1, over the limit of %2 (CONSOLE_ATTACHMENT_LIMIT_MB)</translation>
    </message>
    <message>
      <source>未保存为证据</source>
      <translation>Not kept as evidence</translation>
    </message>
    <message>
      <source>以下文件未保存,证据中没有它们:</source>
      <translation>These files were not kept; the evidence does not hold them:</translation>
    </message>
    <message>
      <source>添加证据</source>
      <translation>Attach evidence</translation>
    </message>
    <message>
      <source>所有文件 (*);;图片 (*.png *.jpg *.jpeg *.gif);;PDF (*.pdf)</source>
      <translation>All files (*);;Images (*.png *.jpg *.jpeg *.gif);;PDF (*.pdf)</translation>
    </message>
    <message>
      <source>无法打开</source>
      <translation>Cannot open</translation>
    </message>
    <message>
      <source>没有可打开此类文件的程序。副本在:</source>
      <translation>No program opens this kind of file. The copy is at:</translation>
    </message>
    <message>
      <source>另存为</source>
      <translation>Save as</translation>
    </message>
    <message>
      <source>未保存</source>
      <translation>Not saved</translation>
    </message>
  </context>
  <context>
    <name>Charts</name>
    <message>
      <location filename="../../widgets/charts.py" line="29" />
      <source>未来 4 小时到期(按工作组)</source>
      <translation>Deadlines in the next 4 hours (by group)</translation>
    </message>
    <message>
      <location filename="../../widgets/charts.py" line="30" />
      <source>距现在(分钟)</source>
      <translation>From now (minutes)</translation>
    </message>
    <message>
      <location filename="../../widgets/charts.py" line="31" />
      <source>本班各组待办任务数</source>
      <translation>Open tasks per group this shift</translation>
    </message>
    <message>
      <location filename="../../widgets/charts.py" line="32" />
      <source>距现在(小时)</source>
      <translation>From now (hours)</translation>
    </message>
  </context>
  <context>
    <name>CheckinBar</name>
    <message>
      <location filename="../../widgets/seats/callout.py" line="156" />
      <source>▶ 启动预案:#%1 %2 — 已通知您(%3)到岗,到岗后请确认</source>
      <translation>▶ Plan activated: #%1 %2 — you (%3) are called to your post; check in when you are there</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="160" />
      <source>到位确认 %1/%2</source>
      <translation>Checked in %1/%2</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="164" />
      <source>期限 %1</source>
      <translation>due %1</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="171" />
      <source>到位确认</source>
      <translation>Check in</translation>
    </message>
  </context>
  <context>
    <name>CommandScreen</name>
    <message>
      <location filename="../../widgets/seats/command.py" line="104" />
      <source>进行中的事件</source>
      <translation>Active incidents</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/command.py" line="161" />
      <source>(暂无重要动态)</source>
      <translation>(no significant events yet)</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/command.py" line="208" />
      <source>启动预案</source>
      <translation>Activate plan</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/command.py" line="208" />
      <source>对事件 #%1 启动预案?</source>
      <translation>Activate the plan for incident #%1?</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/command.py" line="223" />
      <source>调整响应级别</source>
      <translation>Change response level</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/command.py" line="237" />
      <source>推进事件状态</source>
      <translation>Advance incident</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/command.py" line="245" />
      <location filename="../../widgets/seats/command.py" line="255" />
      <source>改派任务</source>
      <translation>Reassign task</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/command.py" line="245" />
      <source>请先在工作组看板中选中一项任务。</source>
      <translation>Select a task on a group board first.</translation>
    </message>
  </context>
  <context>
    <name>DrillBar</name>
    <message>
      <location filename="../../widgets/drill.py" line="110" />
      <source>脚本与当前预案不符,不再注入:</source>
      <translation>The scenario no longer fits the plans; no more injects: </translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="119" />
      <location filename="../../widgets/drill.py" line="185" />
      <source>暂停 (F8)</source>
      <translation>Pause (F8)</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="121" />
      <source>结束演练…</source>
      <translation>End drill…</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="123" />
      <source>演练报告…</source>
      <translation>Drill report…</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="154" />
      <source>脚本代演</source>
      <translation>scripted</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="174" />
      <source>进行中</source>
      <translation>Running</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="175" />
      <source>已暂停</source>
      <translation>paused</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="176" />
      <source>已结束</source>
      <translation>ended</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="185" />
      <source>继续 (F8)</source>
      <translation>Resume (F8)</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="196" />
      <location filename="../../widgets/drill.py" line="217" />
      <source>演练</source>
      <translation>Drill</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="208" />
      <source>结束演练</source>
      <translation>End drill</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="208" />
      <source>演练总结(可留空,稍后在报告中填写):</source>
      <translation>Closing notes (may be left empty and written in the report later):</translation>
    </message>
  </context>
  <context>
    <name>DrillReportDialog</name>
    <message>
      <location filename="../../widgets/drill.py" line="235" />
      <location filename="../../widgets/drill.py" line="278" />
      <source>演练评估报告</source>
      <translation>Drill report</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="251" />
      <source>各组各岗位</source>
      <translation>Groups and roles</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="255" />
      <source>告警确认</source>
      <translation>Alarm acknowledgement</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="259" />
      <source>与预案时限对比</source>
      <translation>Against the plan's deadlines</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="264" />
      <source>注入与指挥记录</source>
      <translation>Injects and command notes</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="266" />
      <source>演练总结:</source>
      <translation>Closing notes:</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="274" />
      <source>保存总结</source>
      <translation>Save notes</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="277" />
      <source>保存 PDF…</source>
      <translation>Save PDF…</translation>
    </message>
    <message>
      <location filename="../../widgets/drill.py" line="288" />
      <source>演练</source>
      <translation>Drill</translation>
    </message>
  </context>
  <context>
    <name>DutyDesk</name>
    <message>
      <location filename="../../widgets/seats/duty.py" line="37" />
      <source>接报登记 (Ctrl+N)</source>
      <translation>Register report (Ctrl+N)</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/duty.py" line="52" />
      <source>我的任务(首问负责)</source>
      <translation>My tasks (first receiver)</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/duty.py" line="58" />
      <source>完成所选任务</source>
      <translation>Complete the selected task</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/duty.py" line="69" />
      <location filename="../../widgets/seats/duty.py" line="131" />
      <source>值班日志</source>
      <translation>Duty log</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/duty.py" line="73" />
      <source>记录本班情况,回车保存(选中事件则记入该事件)</source>
      <translation>Log this shift; Enter saves (to the selected incident)</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/duty.py" line="131" />
      <source>请先选中一起事件。</source>
      <translation>Select an incident first.</translation>
    </message>
  </context>
  <context>
    <name>FormChooser</name>
    <message>
      <location filename="../../widgets/dialogs/forms.py" line="39" />
      <source>打印表单</source>
      <translation>Print a form</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/forms.py" line="45" />
      <source>本预案的表单(按案情填写):</source>
      <translation>The plan's forms (filled from the case):</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/forms.py" line="54" />
      <source>打印完整号码(记入日志)</source>
      <translation>Print numbers in full (logged)</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/forms.py" line="60" />
      <source>预览与打印…</source>
      <translation>Preview and print…</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/forms.py" line="62" />
      <source>保存 PDF…</source>
      <translation>Save PDF…</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/forms.py" line="65" />
      <source>关闭</source>
      <translation>Close</translation>
    </message>
  </context>
  <context>
    <name>GroupSeat</name>
    <message>
      <location filename="../../widgets/seats/group.py" line="29" />
      <source>本组任务 — %1</source>
      <translation>Our group's tasks — %1</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/group.py" line="38" />
      <source>完成备注(可选)</source>
      <translation>Note on completion (optional)</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/group.py" line="39" />
      <source>完成 ✔ (Ctrl+Enter)</source>
      <translation>Done ✔ (Ctrl+Enter)</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/group.py" line="40" />
      <source>受阻… (Ctrl+B)</source>
      <translation>Blocked… (Ctrl+B)</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/group.py" line="41" />
      <source>撤销完成 (Ctrl+Z)</source>
      <translation>Undo done (Ctrl+Z)</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/group.py" line="92" />
      <source>标记受阻</source>
      <translation>Mark blocked</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/group.py" line="92" />
      <source>受阻原因:</source>
      <translation>What blocks it:</translation>
    </message>
  </context>
  <context>
    <name>HelpBar</name>
    <message>
      <source>▲ 求助</source>
      <translation>▲ Help needed</translation>
    </message>
    <message>
      <source>收到</source>
      <translation>Acknowledge</translation>
    </message>
    <message>
      <source>求助</source>
      <translation>Help needed</translation>
    </message>
  </context>
  <context>
    <name>IncidentDetail</name>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="132" />
      <location filename="../../widgets/dialogs/detail.py" line="150" />
      <source>时钟</source>
      <translation>Clocks</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="132" />
      <location filename="../../widgets/dialogs/detail.py" line="139" />
      <location filename="../../widgets/dialogs/detail.py" line="278" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="132" />
      <source>起算</source>
      <translation>Started</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="132" />
      <location filename="../../widgets/dialogs/detail.py" line="139" />
      <source>期限</source>
      <translation>Deadline</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="133" />
      <source>已用</source>
      <translation>Elapsed</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="133" />
      <source>剩余</source>
      <translation>Left</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="139" />
      <location filename="../../widgets/dialogs/detail.py" line="151" />
      <source>任务</source>
      <translation>Tasks</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="139" />
      <source>岗位</source>
      <translation>Role</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="140" />
      <source>完成人/时间</source>
      <translation>Done by / at</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="143" />
      <source>新增临时任务…</source>
      <translation>Add a task…</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="149" />
      <source>接报信息</source>
      <translation>Report</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="153" />
      <location filename="../../widgets/dialogs/detail.py" line="417" />
      <source>证据</source>
      <translation>Evidence</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="155" />
      <location filename="../../widgets/dialogs/detail.py" line="452" />
      <source>回访</source>
      <translation>Follow-up call</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="157" />
      <location filename="../../widgets/dialogs/detail.py" line="460" />
      <source>通知与到位</source>
      <translation>Notifications &amp; roll call</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="158" />
      <source>时间线</source>
      <translation>Timeline</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="163" />
      <source>值班日志:输入后回车</source>
      <translation>Duty log: type and press Enter</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="164" />
      <source>重要(上指挥屏)</source>
      <translation>Significant (to the command screen)</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="165" />
      <source>记录</source>
      <translation>Record</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="173" />
      <source>结案报告:预览与打印…</source>
      <translation>Incident report: preview and print…</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="188" />
      <source>文件</source>
      <translation>File</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="188" />
      <source>大小</source>
      <translation>Size</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="188" />
      <source>上传人</source>
      <translation>Added by</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="188" />
      <source>上传时间</source>
      <translation>Added at</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="217" />
      <source>可将文件拖入本窗口保存为证据(单个文件不超过 %1)</source>
      <translation>Drop files on this window to keep them as evidence (up to %1 each)</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="223" />
      <source>添加证据…</source>
      <translation>Attach evidence…</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="225" />
      <source>打开</source>
      <translation>Open</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="226" />
      <source>另存为…</source>
      <translation>Save as…</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="240" />
      <location filename="../../widgets/dialogs/detail.py" line="278" />
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="240" />
      <source>回访结果</source>
      <translation>Result</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="240" />
      <source>回访人</source>
      <translation>Called by</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="240" />
      <source>回访情况</source>
      <translation>What was said</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="241" />
      <source>重新处理</source>
      <translation>Handled again</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="248" />
      <source>登记回访…</source>
      <translation>Record a follow-up call…</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="263" />
      <source>工作组 / 人员</source>
      <translation>Group / person</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="263" />
      <source>到位情况</source>
      <translation>Roll call</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="263" />
      <source>方式</source>
      <translation>How</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="264" />
      <source>通知送达</source>
      <translation>Delivery</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="278" />
      <source>接收人</source>
      <translation>Recipient</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="279" />
      <source>次数</source>
      <translation>Attempts</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="279" />
      <source>最后错误</source>
      <translation>Last error</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="295" />
      <source>结案报告</source>
      <translation>Incident report</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="356" />
      <source>(临时任务,%1 新增)</source>
      <translation>(ad hoc, added by %1)</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="384" />
      <source>同一号码</source>
      <translation>same number</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="384" />
      <source>同一订单号</source>
      <translation>same order no.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="385" />
      <source>同一号码和订单号</source>
      <translation>same number and order no.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="433" />
      <source>本预案未规定回访。</source>
      <translation>This plan asks for no follow-up call.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="436" />
      <source>回访由 %1 负责(组长、副组长亦可)。</source>
      <translation>Follow-up calls are made by %1 (or the leader and deputies).</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="437" />
      <source>组长</source>
      <translation>the leader</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="444" />
      <source>第 %1 次</source>
      <translation>round %1</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="470" />
      <source>本事件没有启动预案的到位通知。</source>
      <translation>No call-out for this incident (its plan was not activated).</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="475" />
      <source>到位确认 %1/%2</source>
      <translation>Checked in %1/%2</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="480" />
      <source>期限 %1</source>
      <translation>due %1</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="482" />
      <source>全员到位</source>
      <translation>everyone checked in</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="495" />
      <source>已到位 %1</source>
      <translation>Checked in %1</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="497" />
      <source>未确认</source>
      <translation>Not yet</translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/dialogs/detail.py" line="516" />
      <source>发出的通知 %n 条</source>
      <translation>
        <numerusform>%n message sent off the seats</numerusform>
        <numerusform>%n messages sent off the seats</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/dialogs/detail.py" line="518" />
      <source>失败 %n 条,请电话联系</source>
      <translation>
        <numerusform>%n failed: telephone</numerusform>
        <numerusform>%n failed: telephone</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="522" />
      <source>没有发往席位以外的通知(未配置通知渠道,或尚无告警与到位通知)。</source>
      <translation>No messages off the seats (no notification channels, or no alarm or call-out yet).</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="536" />
      <source>写入 %1</source>
      <translation>Written %1</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="538" />
      <source>送达 %1</source>
      <translation>Delivered %1</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="540" />
      <source>下次尝试 %1</source>
      <translation>Next try %1</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="581" />
      <source>(暂无证据)</source>
      <translation>(no evidence yet)</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="592" />
      <source>%1

双击或点“打开”用系统程序查看</source>
      <translation>%1

Double-click or press Open to view it in the system viewer</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="682" />
      <source>未记录</source>
      <translation>Not recorded</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/detail.py" line="278" />
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
    <message>
      <source>订单号/业务编号</source>
      <translation>Order / business no.</translation>
    </message>
    <message>
      <source>被投诉人/被投诉部门</source>
      <translation>Complained-about person / department</translation>
    </message>
    <message>
      <source>首问负责人</source>
      <translation>First receiver</translation>
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
    <message>
      <source>信函</source>
      <translation>Letter</translation>
    </message>
    <message>
      <source>满意</source>
      <translation>Satisfied</translation>
    </message>
    <message>
      <source>基本满意</source>
      <translation>Basically satisfied</translation>
    </message>
    <message>
      <source>不满意</source>
      <translation>Dissatisfied</translation>
    </message>
    <message>
      <source>待发送</source>
      <translation>Pending</translation>
    </message>
    <message>
      <source>发送中</source>
      <translation>Sending</translation>
    </message>
    <message>
      <source>已送达</source>
      <translation>Delivered</translation>
    </message>
    <message>
      <source>重试中</source>
      <translation>Retrying</translation>
    </message>
    <message>
      <source>失败</source>
      <translation>Failed</translation>
    </message>
    <message>
      <source>已取消</source>
      <translation>Cancelled</translation>
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
      <location filename="../../widgets/dialogs/intake.py" line="47" />
      <source>接报登记</source>
      <translation>Register report</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/intake.py" line="54" />
      <source>一句话说明:谁、在哪、因为什么</source>
      <translation>One line: who, where, about what</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/intake.py" line="70" />
      <source>物业单号、银行业务流水号、订单号等</source>
      <translation>Work order, bank transaction or order number</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/intake.py" line="72" />
      <source>被投诉的员工、网点或部门</source>
      <translation>The employee, branch or department complained about</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/intake.py" line="74" />
      <source>例如:平稳 / 激动 / 有过激行为</source>
      <translation>e.g. calm / agitated / aggressive</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/intake.py" line="107" />
      <source>保存 (Ctrl+Enter)</source>
      <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/intake.py" line="146" />
      <source>(未分类)</source>
      <translation>(unclassified)</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/intake.py" line="179" />
      <source> 等</source>
      <translation> and more</translation>
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
    <message>
      <source>订单号/业务编号</source>
      <translation>Order / business no.</translation>
    </message>
    <message>
      <source>被投诉人/被投诉部门</source>
      <translation>Complained-about person / department</translation>
    </message>
    <message>
      <source>信函</source>
      <translation>Letter</translation>
    </message>
  </context>
  <context>
    <name>Lane</name>
    <message numerus="yes">
      <location filename="../../widgets/seats/command.py" line="62" />
      <source>超时 %n</source>
      <translation>
        <numerusform>lapsed %n</numerusform>
        <numerusform>lapsed %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/seats/command.py" line="64" />
      <source>预警 %n</source>
      <translation>
        <numerusform>warning %n</numerusform>
        <numerusform>warning %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/seats/command.py" line="66" />
      <source>进行中 %n</source>
      <translation>
        <numerusform>running %n</numerusform>
        <numerusform>running %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/seats/command.py" line="68" />
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
      <source>搜索…</source>
      <translation>Search…</translation>
    </message>
    <message>
      <source>快捷键一览</source>
      <translation>Keyboard shortcuts</translation>
    </message>
    <message>
      <source>就所选任务求助…</source>
      <translation>Ask for help with the chosen task…</translation>
    </message>
    <message>
      <source>收到最早的求助</source>
      <translation>Acknowledge the oldest request for help</translation>
    </message>
    <message>
      <source>求助</source>
      <translation>Ask for help</translation>
    </message>
    <message>
      <source>请先选中需要协助的任务。</source>
      <translation>Choose the task you need help with first.</translation>
    </message>
    <message>
      <source>需要指挥部协助什么?</source>
      <translation>What do you need the command's help with?</translation>
    </message>
    <message>
      <source>求助已发往指挥台</source>
      <translation>The request for help went to the command screen</translation>
    </message>
    <message>
      <source>告警调度进程未运行,正在重启…</source>
      <translation>The alarm scheduler is not running; restarting it…</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="60" />
      <source>应急指挥台</source>
      <translation>Incident Command Console</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="102" />
      <source>看板</source>
      <translation>Boards</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="107" />
      <source>图表</source>
      <translation>Charts</translation>
    </message>
    <message>
      <source>事件</source>
      <translation>Incident</translation>
    </message>
    <message>
      <source>接报登记…</source>
      <translation>Register report…</translation>
    </message>
    <message>
      <source>事件详情</source>
      <translation>Incident details</translation>
    </message>
    <message>
      <source>启动预案</source>
      <translation>Activate plan</translation>
    </message>
    <message>
      <source>调整响应级别…</source>
      <translation>Change response level…</translation>
    </message>
    <message>
      <source>推进事件状态…</source>
      <translation>Advance incident…</translation>
    </message>
    <message>
      <source>改派任务…</source>
      <translation>Reassign task…</translation>
    </message>
    <message>
      <source>任务</source>
      <translation>Tasks</translation>
    </message>
    <message>
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>标记受阻…</source>
      <translation>Mark blocked…</translation>
    </message>
    <message>
      <source>撤销完成</source>
      <translation>Undo done</translation>
    </message>
    <message>
      <source>告警</source>
      <translation>Alarms</translation>
    </message>
    <message>
      <source>确认最紧急告警</source>
      <translation>Acknowledge the most urgent alarm</translation>
    </message>
    <message>
      <source>搁置最紧急告警…</source>
      <translation>Shelve the most urgent alarm…</translation>
    </message>
    <message>
      <source>打印</source>
      <translation>Print</translation>
    </message>
    <message>
      <source>交接班单:预览与打印…</source>
      <translation>Handover sheet: preview and print…</translation>
    </message>
    <message>
      <source>交接班单:保存 PDF…</source>
      <translation>Handover sheet: save PDF…</translation>
    </message>
    <message>
      <source>视图</source>
      <translation>View</translation>
    </message>
    <message>
      <source>墙屏模式</source>
      <translation>Wall mode</translation>
    </message>
    <message>
      <source>告警声音</source>
      <translation>Alarm sound</translation>
    </message>
    <message>
      <source>English(下次登录生效)</source>
      <translation>English (from the next sign-in)</translation>
    </message>
    <message>
      <source>演练</source>
      <translation>Drill</translation>
    </message>
    <message>
      <source>暂停/继续</source>
      <translation>Pause / resume</translation>
    </message>
    <message>
      <source>结束演练…</source>
      <translation>End drill…</translation>
    </message>
    <message>
      <source>演练报告…</source>
      <translation>Drill report…</translation>
    </message>
    <message>
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <source>退出</source>
      <translation>Quit</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="109" />
      <source>统计</source>
      <translation>Statistics</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="305" />
      <source>⚠ 数据库连接中断(%1 起)。屏幕显示最后已知状态,倒计时按已知期限继续;此时的操作不会保存。正在自动重连…</source>
      <translation>⚠ Database connection lost (since %1). The screen shows the last known state and the countdowns run on the known deadlines; actions now are not saved. Reconnecting…</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="315" />
      <source>数据库已恢复连接,已同步最新状态</source>
      <translation>Database connection restored; the screen is up to date</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="355" />
      <source>本年度日历未确认</source>
      <translation>this year's calendar is unconfirmed</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="400" />
      <source>请先选中一项任务。</source>
      <translation>Select a task first.</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="402" />
      <source>请先选中一起事件。</source>
      <translation>Select an incident first.</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="412" />
      <source>新增临时任务</source>
      <translation>Add a task</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="421" />
      <source>登记回访</source>
      <translation>Record a follow-up call</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="426" />
      <location filename="../../widgets/window.py" line="432" />
      <source>调整投诉类型</source>
      <translation>Change complaint type</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="432" />
      <source>本预案未划分投诉类型。</source>
      <translation>This plan has no complaint types.</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="439" />
      <source>添加证据</source>
      <translation>Attach evidence</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="444" />
      <source>已保存证据:</source>
      <translation>Evidence kept: </translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="449" />
      <source>演练:</source>
      <translation>Drill: </translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="463" />
      <source>初报/续报/终报</source>
      <translation>Situation reports</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="480" />
      <source>打印表单</source>
      <translation>Print a form</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="490" />
      <source>本事件的预案没有规定表单。</source>
      <translation>This incident's plan has no forms.</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="501" />
      <source>统计分析</source>
      <translation>Statistics</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="519" />
      <source>交接班单</source>
      <translation>Handover sheet</translation>
    </message>
    <message>
      <location filename="../../widgets/window.py" line="532" />
      <source>语言将在下次登录时切换</source>
      <translation>The language changes at the next sign-in</translation>
    </message>
    <message>
      <source>调整投诉类型…</source>
      <translation>Change complaint type…</translation>
    </message>
    <message>
      <source>登记回访…</source>
      <translation>Record a follow-up call…</translation>
    </message>
    <message>
      <source>添加证据…</source>
      <translation>Attach evidence…</translation>
    </message>
    <message>
      <source>新增临时任务…</source>
      <translation>Add a task…</translation>
    </message>
    <message>
      <source>初报/续报/终报…</source>
      <translation>Situation reports…</translation>
    </message>
    <message>
      <source>表单…</source>
      <translation>Forms…</translation>
    </message>
  </context>
  <context>
    <name>QDialog</name>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="33" />
      <source>首次使用</source>
      <translation>First run</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="34" />
      <source>数据库中还没有用户。

载入演示数据吗?(群体投诉预案、各岗位用户、几起进行中的事件;密码均为 %1。此数据库将成为测试库,处处标注“测试”,不能再用于真实事件)

选“否”则创建第一位组长。</source>
      <translation>There are no users in this database yet.

Load the demo? (the mass-complaint plan, a user for every seat, a few live incidents; every password is %1. This database becomes a sandbox, marked 测试 everywhere, and can no longer be used for real incidents)

Choose No to create the first leader.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="41" />
      <location filename="../../widgets/dialogs/signin.py" line="44" />
      <source>创建组长</source>
      <translation>Create the leader</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="41" />
      <source>用户名:</source>
      <translation>User name:</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="44" />
      <source>密码(至少 8 位):</source>
      <translation>Password (8+ characters):</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="51" />
      <source>未创建</source>
      <translation>Not created</translation>
    </message>
  </context>
  <context>
    <name>ReportClocks</name>
    <message>
      <location filename="../../widgets/seats/reporting.py" line="49" />
      <location filename="../../widgets/seats/reporting.py" line="127" />
      <location filename="../../widgets/seats/reporting.py" line="138" />
      <source>报告时限</source>
      <translation>Reports due</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/reporting.py" line="55" />
      <source>下次报告</source>
      <translation>Next report</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/reporting.py" line="55" />
      <source>事件</source>
      <translation>Incident</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/reporting.py" line="110" />
      <source>%1超时 %2</source>
      <translation>%1 overdue %2</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/reporting.py" line="111" />
      <source>下次%1 %2</source>
      <translation>Next %1 %2</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/reporting.py" line="112" />
      <source>(暂停)</source>
      <translation>(paused)</translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/seats/reporting.py" line="140" />
      <source>超时 %n</source>
      <translation>
        <numerusform>lapsed %n</numerusform>
        <numerusform>lapsed %n</numerusform>
      </translation>
    </message>
    <message>
      <source>初报</source>
      <translation>first report</translation>
    </message>
    <message>
      <source>续报</source>
      <translation>update</translation>
    </message>
    <message>
      <source>终报</source>
      <translation>final report</translation>
    </message>
  </context>
  <context>
    <name>RetypeDialog</name>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="249" />
      <source>调整投诉类型</source>
      <translation>Change complaint type</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="253" />
      <source>当前类型:</source>
      <translation>Current type: </translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="254" />
      <source>(未分类)</source>
      <translation>(unclassified)</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="262" />
      <source>例如:面谈、协商失败,转为恶意投诉</source>
      <translation>e.g. the interview and negotiation failed: now a malicious complaint</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="264" />
      <source>投诉类型</source>
      <translation>Complaint type</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="265" />
      <source>原因</source>
      <translation>Reason</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="266" />
      <source>调整</source>
      <translation>Change</translation>
    </message>
  </context>
  <context>
    <name>RevisitDialog</name>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="180" />
      <source>登记回访</source>
      <translation>Record a follow-up call</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="198" />
      <source>回访情况:联系了谁、对方怎么说</source>
      <translation>Whom you reached and what they said</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="199" />
      <source>不满意:事件退回处置,按预案重新处理后再次回访。</source>
      <translation>Dissatisfied: the case goes back to handling, is handled again as the plan says, then called again.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="204" />
      <source>回访结果</source>
      <translation>Result</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="205" />
      <source>回访情况</source>
      <translation>What was said</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="206" />
      <source>登记</source>
      <translation>Record</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="223" />
      <source>请选择回访结果</source>
      <translation>Choose the result</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/casework.py" line="232" />
      <source>无权登记回访</source>
      <translation>Not allowed to record follow-up calls</translation>
    </message>
    <message>
      <source>满意</source>
      <translation>Satisfied</translation>
    </message>
    <message>
      <source>基本满意</source>
      <translation>Basically satisfied</translation>
    </message>
    <message>
      <source>不满意</source>
      <translation>Dissatisfied</translation>
    </message>
  </context>
  <context>
    <name>RollPanel</name>
    <message>
      <location filename="../../widgets/seats/callout.py" line="200" />
      <location filename="../../widgets/seats/callout.py" line="246" />
      <source>到位情况</source>
      <translation>Roll call</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="207" />
      <source>工作组</source>
      <translation>Group</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="207" />
      <source>到位</source>
      <translation>In</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="207" />
      <source>未确认</source>
      <translation>Not yet</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="207" />
      <source>已到位</source>
      <translation>Checked in</translation>
    </message>
    <message numerus="yes">
      <location filename="../../widgets/seats/callout.py" line="246" />
      <source>待确认 %n 人</source>
      <translation>
        <numerusform>%n to check in</numerusform>
        <numerusform>%n to check in</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="262" />
      <source>全员到位 %1</source>
      <translation>All checked in %1</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="264" />
      <source>到位 %1</source>
      <translation>Checked in %1</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="266" />
      <source>期限 %1</source>
      <translation>due %1</translation>
    </message>
    <message>
      <location filename="../../widgets/seats/callout.py" line="267" />
      <source>已超时</source>
      <translation>overdue</translation>
    </message>
  </context>
  <context>
    <name>Seat</name>
    <message>
      <location filename="../../widgets/seats/base.py" line="65" />
      <location filename="../../widgets/seats/base.py" line="77" />
      <source>未执行</source>
      <translation>Not done</translation>
    </message>
  </context>
  <context>
    <name>SearchDialog</name>
    <message>
      <source>搜索中…</source>
      <translation>Searching…</translation>
    </message>
    <message>
      <source>搜索</source>
      <translation>Search</translation>
    </message>
    <message>
      <source>事件标题、地点、诉求、电话、#编号、人员姓名、日志内容…</source>
      <translation>Incident title, place, demands, telephone, #number, a person's name, duty-log text…</translation>
    </message>
    <message>
      <source>类别</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>What</translation>
    </message>
    <message>
      <source>所在</source>
      <translation>Where</translation>
    </message>
    <message>
      <source>时间</source>
      <translation>When</translation>
    </message>
    <message>
      <source>事件</source>
      <translation>Incident</translation>
    </message>
    <message>
      <source>任务</source>
      <translation>Task</translation>
    </message>
    <message>
      <source>值班日志</source>
      <translation>Duty log</translation>
    </message>
    <message>
      <source>没有找到</source>
      <translation>Nothing found</translation>
    </message>
    <message numerus="yes">
      <source>找到 %n 条</source>
      <translation>
        <numerusform>%n found</numerusform>
        <numerusform>%n found</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ShortcutSheet</name>
    <message>
      <source>快捷键一览</source>
      <translation>Keyboard shortcuts</translation>
    </message>
    <message>
      <source>看板</source>
      <translation>Boards</translation>
    </message>
    <message>
      <source>在表格间移动</source>
      <translation>Move between tables</translation>
    </message>
    <message>
      <source>选择上/下一行</source>
      <translation>Previous / next row</translation>
    </message>
    <message>
      <source>打开所选事件</source>
      <translation>Open the chosen incident</translation>
    </message>
    <message>
      <source>回车 / 双击</source>
      <translation>Enter / double-click</translation>
    </message>
  </context>
  <context>
    <name>SignIn</name>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="61" />
      <source>应急指挥台 — 登录</source>
      <translation>Incident Command Console — Sign in</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="78" />
      <source>用户:</source>
      <translation>User:</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="79" />
      <source>密码:</source>
      <translation>Password:</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="80" />
      <source>语言:</source>
      <translation>Language:</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="109" />
      <source>用户名或密码不正确</source>
      <translation>Wrong user name or password</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="106" />
      <source>连续 5 次密码错误,已锁定 5 分钟,请稍后再试</source>
      <translation>Five wrong passwords in a row: locked for 5 minutes, try again later</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="107" />
      <source>此用户已停用,请联系管理员</source>
      <translation>This user is deactivated; ask the administrator</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/signin.py" line="108" />
      <source>此用户尚未设置密码,请联系管理员</source>
      <translation>This user has no password yet; ask the administrator</translation>
    </message>
  </context>
  <context>
    <name>SitrepDialog</name>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="86" />
      <source>报告</source>
      <translation>Report</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="86" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="96" />
      <source>起草初报</source>
      <translation>Draft first report</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="96" />
      <source>起草续报</source>
      <translation>Draft update</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="97" />
      <source>起草终报</source>
      <translation>Draft final report</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="100" />
      <source>草稿按案情自动生成:基本情况、处置措施、未完成工作、超时情况、下一步</source>
      <translation>The draft is written from the case: the facts, what was done, what is open, deadlines missed, next steps</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="108" />
      <source>起草下一份报告:</source>
      <translation>Draft the next report:</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="140" />
      <source>导出 PDF…</source>
      <translation>Export PDF…</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="141" />
      <source>导出 Word…</source>
      <translation>Export Word…</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="142" />
      <source>保存修改</source>
      <translation>Save changes</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="143" />
      <location filename="../../widgets/dialogs/sitreps.py" line="334" />
      <source>签发</source>
      <translation>Sign</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="145" />
      <source>关闭</source>
      <translation>Close</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="162" />
      <source>初报/续报/终报</source>
      <translation>Situation reports</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="173" />
      <source>已签发 · %1 %2</source>
      <translation>Signed · %1 %2</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="176" />
      <source>草稿 · %1 起草 %2</source>
      <translation>Draft · drafted by %1 %2</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="181" />
      <source>报送 %1</source>
      <translation>To %1</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="206" />
      <source>报送期限 %1,已超时 %2</source>
      <translation>Due %1, overdue by %2</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="210" />
      <source>下一份报告的报送期限 %1(剩余 %2)</source>
      <translation>The next report is due %1 (%2 left)</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="240" />
      <source>尚无报告。点“起草初报”:草稿按案情(基本情况、处置措施、未完成工作、超时情况)自动生成,修改后由组长或副组长签发。</source>
      <translation>No report yet. Press Draft first report: the draft is written from the case (the facts, what was done, what is open, deadlines missed); once edited, the leader or a deputy signs it.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="249" />
      <source>%1 已签发,不可修改(%2 于 %3 签发,报送 %4)</source>
      <translation>%1 is signed and cannot be changed (signed by %2 at %3, to %4)</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="255" />
      <source>,%1 修改于 %2</source>
      <translation>, edited by %1 at %2</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="261" />
      <source>%1 草稿:%2 起草于 %3%4。签发后不可修改。</source>
      <translation>%1, a draft: drafted by %2 at %3%4. Once signed it cannot change.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="302" />
      <source>未执行</source>
      <translation>Not done</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="313" />
      <source>已起草 %1,请核对修改后保存。</source>
      <translation>%1 drafted: check it, edit it and save.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="324" />
      <source>已保存 %1</source>
      <translation>%1 saved</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="331" />
      <source>签发 %1?签发后报告定稿,不可再修改。</source>
      <translation>Sign %1? A signed report is final and cannot be changed.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="333" />
      <source>未保存的修改将先保存。</source>
      <translation>Unsaved changes are saved first.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="345" />
      <source>%1 已签发,报送 %2</source>
      <translation>%1 signed, to %2</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="353" />
      <source>导出 PDF</source>
      <translation>Export PDF</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="353" />
      <source>导出 Word</source>
      <translation>Export Word</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="359" />
      <source>注意:导出的是已保存的内容,未保存的修改不在其中。</source>
      <translation>Note: the export holds the saved text, not the unsaved changes.</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="366" />
      <source>已导出:%1</source>
      <translation>Exported: %1</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="373" />
      <source>未保存</source>
      <translation>Not saved</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/sitreps.py" line="373" />
      <source>有未保存的修改,仍要关闭?</source>
      <translation>There are unsaved changes. Close anyway?</translation>
    </message>
  </context>
  <context>
    <name>StatsView</name>
    <message>
      <location filename="../../widgets/stats.py" line="125" />
      <source>从</source>
      <translation>From</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="127" />
      <source>至</source>
      <translation>to</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="130" />
      <source>本月</source>
      <translation>This month</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="130" />
      <source>上月</source>
      <translation>Last month</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="131" />
      <source>近30天</source>
      <translation>Last 30 days</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="131" />
      <source>本年</source>
      <translation>This year</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="138" />
      <source>预案</source>
      <translation>Plan</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="140" />
      <source>全部</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="144" />
      <source>分类</source>
      <translation>By</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="149" />
      <source>重新统计</source>
      <translation>Recompute</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="154" />
      <source>导出 Excel…</source>
      <translation>Export Excel…</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="156" />
      <source>导出监督报告 PDF…</source>
      <translation>Export supervision report PDF…</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="170" />
      <location filename="../../widgets/stats.py" line="359" />
      <location filename="../../widgets/stats.py" line="412" />
      <source>接报</source>
      <translation>Received</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="171" />
      <location filename="../../widgets/stats.py" line="361" />
      <location filename="../../widgets/stats.py" line="413" />
      <source>结案</source>
      <translation>Closed</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="172" />
      <location filename="../../widgets/stats.py" line="414" />
      <source>按时完成率</source>
      <translation>On-time rate</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="173" />
      <source>告警确认用时(中位数)</source>
      <translation>Alarm acknowledgement (median)</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="174" />
      <source>回访满意率</source>
      <translation>Satisfaction rate</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="184" />
      <source>每日接报与结案</source>
      <translation>Received and closed per day</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="186" />
      <source>件数</source>
      <translation>Cases</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="189" />
      <source>各工作组按时完成率(按时/到期时限)</source>
      <translation>On-time rate by group (on time / deadlines due)</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="299" />
      <source>%1 至 %2(%3 天),与上期(之前 %3 天)比较 · 统计于 %4,用时 %5 秒</source>
      <translation>%1 to %2 (%3 days), against the %3 days before · computed at %4 in %5 s</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="309" />
      <source>上期无可比数据</source>
      <translation>nothing to compare before</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="312" />
      <source>与上期持平</source>
      <translation>same as before</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="315" />
      <source>%1 个百分点</source>
      <translation>%1 points</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="323" />
      <source>较上期 %1</source>
      <translation>%1 on the period before</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="329" />
      <source>%1 分钟</source>
      <translation>%1 min</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="330" />
      <source>%1 小时</source>
      <translation>%1 h</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="347" />
      <source>按时 %1 · 超时完成 %2 · 超时未完成 %3</source>
      <translation>On time %1 · late %2 · missed %3</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="350" />
      <source>回访 %1 次,满意或基本满意 %2 次</source>
      <translation>%1 follow-up calls, %2 satisfied or basically satisfied</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="371" />
      <source>本期无接报与结案</source>
      <translation>Nothing received or closed in the period</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="383" />
      <source>本期没有到期的时限</source>
      <translation>No deadline fell due in the period</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="415" />
      <source>按时</source>
      <translation>On time</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="416" />
      <source>超时完成</source>
      <translation>Late</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="417" />
      <source>超时未完成</source>
      <translation>Missed</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="418" />
      <source>首次响应(中位)</source>
      <translation>First response (median)</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="419" />
      <source>结案用时(中位)</source>
      <translation>To closure (median)</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="420" />
      <source>告警</source>
      <translation>Alarms</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="421" />
      <source>确认用时(中位)</source>
      <translation>Acknowledged in (median)</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="422" />
      <source>升级</source>
      <translation>Escalated</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="423" />
      <source>回访</source>
      <translation>Follow-up call</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="424" />
      <source>满意率</source>
      <translation>Satisfied</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="425" />
      <source>重复投诉人</source>
      <translation>Repeat complainants</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="439" />
      <source>合计</source>
      <translation>Total</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="468" />
      <source>未导出</source>
      <translation>Not exported</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="471" />
      <source>已导出:%1</source>
      <translation>Exported: %1</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="477" />
      <source>导出 Excel</source>
      <translation>Export Excel</translation>
    </message>
    <message>
      <location filename="../../widgets/stats.py" line="484" />
      <source>导出监督报告 PDF</source>
      <translation>Export supervision report PDF</translation>
    </message>
    <message>
      <source>工作组</source>
      <translation>Group</translation>
    </message>
    <message>
      <source>投诉类型</source>
      <translation>Complaint type</translation>
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
      <source>地点</source>
      <translation>Location</translation>
    </message>
    <message>
      <source>日</source>
      <translation>Day</translation>
    </message>
    <message>
      <source>周</source>
      <translation>Week</translation>
    </message>
    <message>
      <source>月</source>
      <translation>Month</translation>
    </message>
  </context>
  <context>
    <name>TaskPane</name>
    <message>
      <source>选择一项任务,这里显示它的职责、时限依据、A角/B角和下一步。</source>
      <translation>Choose a task: its duty, where its deadline comes from, who holds it (A/B) and what follows are shown here.</translation>
    </message>
    <message>
      <source>(该任务已不存在)</source>
      <translation>(this task no longer exists)</translation>
    </message>
    <message>
      <source>超时</source>
      <translation>Lapsed</translation>
    </message>
    <message>
      <source>预警</source>
      <translation>Warning</translation>
    </message>
    <message>
      <source>进行中</source>
      <translation>Running</translation>
    </message>
    <message>
      <source>暂停</source>
      <translation>Paused</translation>
    </message>
    <message>
      <source>已完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>受阻</source>
      <translation>Blocked</translation>
    </message>
    <message>
      <source>已取消</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <source>本组职责</source>
      <translation>The group's duties</translation>
    </message>
    <message>
      <source>时限</source>
      <translation>Deadline</translation>
    </message>
    <message>
      <source>开始</source>
      <translation>Started</translation>
    </message>
    <message>
      <source>期限</source>
      <translation>Due</translation>
    </message>
    <message>
      <source>时钟记录</source>
      <translation>Clock history</translation>
    </message>
    <message>
      <source>谁负责</source>
      <translation>Who holds it</translation>
    </message>
    <message>
      <source>非工作时间由此代岗</source>
      <translation>Off-hours, standing in</translation>
    </message>
    <message>
      <source>下一步</source>
      <translation>Next</translation>
    </message>
    <message>
      <source>完成本任务后开始计时</source>
      <translation>its clock starts when this task is done</translation>
    </message>
    <message>
      <source>事件</source>
      <translation>Incident</translation>
    </message>
    <message>
      <source>投诉人</source>
      <translation>Complainant</translation>
    </message>
    <message>
      <source>地点</source>
      <translation>Place</translation>
    </message>
    <message>
      <source>诉求</source>
      <translation>Demands</translation>
    </message>
    <message>
      <source>接报</source>
      <translation>Reported</translation>
    </message>
    <message>
      <source>首问负责人</source>
      <translation>First receiver</translation>
    </message>
    <message>
      <source>恢复</source>
      <translation>Resumed</translation>
    </message>
    <message>
      <source>延期</source>
      <translation>Extended</translation>
    </message>
    <message>
      <source>停止</source>
      <translation>Stopped</translation>
    </message>
    <message>
      <source>重开</source>
      <translation>Reopened</translation>
    </message>
    <message>
      <source>重算</source>
      <translation>Recomputed</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancelled</translation>
    </message>
  </context>
  <context>
    <name>TaskTableModel</name>
    <message>
      <location filename="../../widgets/boards/models.py" line="282" />
      <source>受阻</source>
      <translation>Blocked</translation>
    </message>
    <message>
      <location filename="../../widgets/boards/models.py" line="283" />
      <source>暂停</source>
      <translation>Paused</translation>
    </message>
    <message>
      <location filename="../../widgets/boards/models.py" line="283" />
      <source>超时</source>
      <translation>Lapsed</translation>
    </message>
    <message>
      <location filename="../../widgets/boards/models.py" line="283" />
      <source>预警</source>
      <translation>Warning</translation>
    </message>
    <message>
      <location filename="../../widgets/boards/models.py" line="284" />
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
      <location filename="../../widgets/dialogs/printing.py" line="56" />
      <source>未打印</source>
      <translation>Not printed</translation>
    </message>
    <message>
      <location filename="../../widgets/dialogs/printing.py" line="79" />
      <source>保存 PDF</source>
      <translation>Save PDF</translation>
    </message>
  </context>
  <context>
    <name>WallView</name>
    <message>
      <source>暂停</source>
      <translation>Paused</translation>
    </message>
    <message>
      <source>第 %1/%2 页</source>
      <translation>Page %1/%2</translation>
    </message>
    <message>
      <source>超时 %1</source>
      <translation>Lapsed %1</translation>
    </message>
    <message>
      <source>预警 %1</source>
      <translation>Warning %1</translation>
    </message>
    <message>
      <source>进行中 %1</source>
      <translation>Running %1</translation>
    </message>
    <message>
      <source>已完成 %1</source>
      <translation>Done %1</translation>
    </message>
    <message>
      <source>超时</source>
      <translation>Lapsed</translation>
    </message>
    <message>
      <source>预警</source>
      <translation>Warning</translation>
    </message>
    <message>
      <source>受阻</source>
      <translation>Blocked</translation>
    </message>
  </context>
</TS>