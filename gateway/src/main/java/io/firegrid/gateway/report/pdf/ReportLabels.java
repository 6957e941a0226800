package io.firegrid.gateway.report.pdf;

import java.util.Map;

/**
 * The words of the monthly report in Chinese and English: headings, column names, alarm classes,
 * types and causes (the same names the console shows). A wire name without a label is shown as it is.
 */
record ReportLabels(Map<String, String> words, Map<String, String> classes, Map<String, String> types,
                    Map<String, String> causes) {

    static ReportLabels of(boolean chinese) {
        return chinese ? ZH : EN;
    }

    String w(String key) {
        return words.getOrDefault(key, key);
    }

    String alarmClass(String wire) {
        return classes.getOrDefault(wire, wire);
    }

    String type(String wire) {
        return types.getOrDefault(wire, wire);
    }

    String cause(String wire) {
        return wire == null ? w("open") : causes.getOrDefault(wire, wire);
    }

    private static final ReportLabels ZH = new ReportLabels(Map.ofEntries(
            Map.entry("title", "微型消防站月度消防报告"),
            Map.entry("month", "报告月份"),
            Map.entry("scope", "范围"),
            Map.entry("allTenants", "本网关全部租户"),
            Map.entry("tenant", "租户"),
            Map.entry("sites", "场所"),
            Map.entry("generatedAt", "生成时间"),
            Map.entry("generatedBy", "生成人"),
            Map.entry("timeZone", "时区"),
            Map.entry("rule", "依据：微型消防站 1 分钟内响应、3 分钟内到场（公消〔2015〕301号）。演练警情单独统计，不计入响应指标。"),
            Map.entry("summary", "一、月度指标"),
            Map.entry("figure", "指标"),
            Map.entry("value", "本月"),
            Map.entry("limit", "规范要求"),
            Map.entry("alarms", "警情总数（不含演练）"),
            Map.entry("fire", "火警"),
            Map.entry("supervisory", "监管报警"),
            Map.entry("trouble", "故障"),
            Map.entry("falseAlarms", "误报（结案原因）"),
            Map.entry("ackWithin", "火警 60 秒内受理"),
            Map.entry("ackMedian", "火警受理用时中位数 / 最长"),
            Map.entry("sceneWithin", "火警 180 秒内到场"),
            Map.entry("sceneMedian", "火警到场用时中位数 / 最长"),
            Map.entry("doorConditions", "防火门常开、安全出口堵塞（次 / 小时）"),
            Map.entry("pressureConditions", "消火栓水压异常（次 / 小时）"),
            Map.entry("isolations", "屏蔽"),
            Map.entry("drills", "演练警情"),
            Map.entry("isolatedAlarms", "屏蔽期间的警情（已记录，未推送）"),
            Map.entry("ackLimit", "≤ 60 秒"),
            Map.entry("sceneLimit", "≤ 180 秒"),
            Map.entry("allFires", "全部火警"),
            Map.entry("charts", "二、图表"),
            Map.entry("responseChart", "火警响应用时分布（秒）"),
            Map.entry("acknowledged", "受理"),
            Map.entry("onScene", "到场"),
            Map.entry("count", "次数"),
            Map.entry("conditionChart", "每日防火门与消火栓状况（新发次数）"),
            Map.entry("doors", "防火门 / 安全出口"),
            Map.entry("pressure", "消火栓水压"),
            Map.entry("day", "日"),
            Map.entry("alarmList", "三、警情清单（不含演练）"),
            Map.entry("no", "编号"),
            Map.entry("raised", "报警时间"),
            Map.entry("class", "类别"),
            Map.entry("type", "类型"),
            Map.entry("location", "位置"),
            Map.entry("cause", "原因"),
            Map.entry("ack", "受理"),
            Map.entry("enRoute", "出动"),
            Map.entry("scene", "到场"),
            Map.entry("open", "未结案"),
            Map.entry("more", "另有 {n} 条未列出（上限 {max} 条；完整清单见 CSV 导出）"),
            Map.entry("none", "本月无记录。"),
            Map.entry("isolationList", "四、屏蔽记录"),
            Map.entry("what", "对象"),
            Map.entry("wholeDevice", "整台设备"),
            Map.entry("reason", "原因"),
            Map.entry("by", "操作人"),
            Map.entry("from", "开始"),
            Map.entry("until", "结束"),
            Map.entry("endedBy", "结束方式"),
            Map.entry("expiry", "到期自动"),
            Map.entry("inForce", "仍在屏蔽"),
            Map.entry("drillList", "五、演练"),
            Map.entry("page", "第 {n} / {total} 页"),
            Map.entry("seconds", "{n} 秒"),
            Map.entry("notReached", "未受理 {a} 起，未到场 {s} 起")),
            Map.of("fire", "火警", "supervisory", "监管", "trouble", "故障"),
            Map.ofEntries(Map.entry("smoke", "烟感"), Map.entry("call-point", "手报"), Map.entry("offline", "设备离线"),
                    Map.entry("tamper", "防拆"), Map.entry("low-battery", "低电量"), Map.entry("sensor-fault", "探测器故障"),
                    Map.entry("door-held-open", "防火门常开"), Map.entry("pressure-low", "水压过低"),
                    Map.entry("pressure-high", "水压过高"), Map.entry("pressure-dropping", "水压骤降"),
                    Map.entry("exit-blocked", "安全出口堵塞"), Map.entry("unknown-sensors", "未登记探测器")),
            Map.of("fire", "真实火警", "false-alarm", "误报", "drill", "演练", "maintenance", "维保", "test", "测试",
                    "cleared", "已恢复"));

    private static final ReportLabels EN = new ReportLabels(Map.ofEntries(
            Map.entry("title", "Micro fire station monthly fire safety report"),
            Map.entry("month", "Month"),
            Map.entry("scope", "Scope"),
            Map.entry("allTenants", "every tenant of this gateway"),
            Map.entry("tenant", "tenant"),
            Map.entry("sites", "Sites"),
            Map.entry("generatedAt", "Generated"),
            Map.entry("generatedBy", "Generated by"),
            Map.entry("timeZone", "Time zone"),
            Map.entry("rule", "Rule: a micro fire station responds within 1 minute and is on scene within 3 minutes"
                    + " (Fire Department circular 2015 No. 301). Drill alarms are reported apart and left out of the"
                    + " response figures."),
            Map.entry("summary", "1. Figures of the month"),
            Map.entry("figure", "Figure"),
            Map.entry("value", "This month"),
            Map.entry("limit", "Required"),
            Map.entry("alarms", "Alarms (drills left out)"),
            Map.entry("fire", "fire"),
            Map.entry("supervisory", "supervisory"),
            Map.entry("trouble", "trouble"),
            Map.entry("falseAlarms", "False alarms (cause at resolution)"),
            Map.entry("ackWithin", "Fire alarms acknowledged within 60 s"),
            Map.entry("ackMedian", "Fire alarm acknowledgement, median / worst"),
            Map.entry("sceneWithin", "Fire alarms on scene within 180 s"),
            Map.entry("sceneMedian", "Fire alarm on scene, median / worst"),
            Map.entry("doorConditions", "Fire doors held open, exits blocked (times / hours)"),
            Map.entry("pressureConditions", "Hydrant pressure out of range (times / hours)"),
            Map.entry("isolations", "Isolations"),
            Map.entry("drills", "Drill alarms"),
            Map.entry("isolatedAlarms", "Alarms raised while isolated (stored, told to no one)"),
            Map.entry("ackLimit", "<= 60 s"),
            Map.entry("sceneLimit", "<= 180 s"),
            Map.entry("allFires", "every fire alarm"),
            Map.entry("charts", "2. Charts"),
            Map.entry("responseChart", "Fire alarm response times (seconds)"),
            Map.entry("acknowledged", "acknowledged"),
            Map.entry("onScene", "on scene"),
            Map.entry("count", "alarms"),
            Map.entry("conditionChart", "Fire door and hydrant conditions per day (new)"),
            Map.entry("doors", "fire doors / exits"),
            Map.entry("pressure", "hydrant pressure"),
            Map.entry("day", "day"),
            Map.entry("alarmList", "3. Alarms (drills left out)"),
            Map.entry("no", "No."),
            Map.entry("raised", "Raised"),
            Map.entry("class", "Class"),
            Map.entry("type", "Type"),
            Map.entry("location", "Location"),
            Map.entry("cause", "Cause"),
            Map.entry("ack", "Ack"),
            Map.entry("enRoute", "En route"),
            Map.entry("scene", "On scene"),
            Map.entry("open", "open"),
            Map.entry("more", "and {n} more not listed (at most {max}; the CSV export has them all)"),
            Map.entry("none", "Nothing this month."),
            Map.entry("isolationList", "4. Isolations"),
            Map.entry("what", "What"),
            Map.entry("wholeDevice", "whole device"),
            Map.entry("reason", "Reason"),
            Map.entry("by", "By"),
            Map.entry("from", "From"),
            Map.entry("until", "Until"),
            Map.entry("endedBy", "Ended"),
            Map.entry("expiry", "at its time"),
            Map.entry("inForce", "still in force"),
            Map.entry("drillList", "5. Drills"),
            Map.entry("page", "Page {n} of {total}"),
            Map.entry("seconds", "{n} s"),
            Map.entry("notReached", "{a} never acknowledged, {s} never on scene")),
            Map.of("fire", "fire", "supervisory", "superv.", "trouble", "trouble"),
            Map.ofEntries(Map.entry("smoke", "smoke"), Map.entry("call-point", "call point"),
                    Map.entry("offline", "device offline"), Map.entry("tamper", "tamper"),
                    Map.entry("low-battery", "low battery"), Map.entry("sensor-fault", "sensor fault"),
                    Map.entry("door-held-open", "door held open"), Map.entry("pressure-low", "pressure low"),
                    Map.entry("pressure-high", "pressure high"), Map.entry("pressure-dropping", "pressure dropping"),
                    Map.entry("exit-blocked", "exit blocked"), Map.entry("unknown-sensors", "unknown sensors")),
            Map.of("fire", "fire", "false-alarm", "false alarm", "drill", "drill", "maintenance", "maintenance",
                    "test", "test", "cleared", "cleared"));
}
