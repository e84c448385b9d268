#!/usr/bin/env python3
"""Build the cleaned source and the article segmentation of the `shuangta` rulebook
(朝阳市双塔区人民政府工作规则, 朝双政发〔2022〕7号).

Reads  rulebooks/shuangta/seed.txt  (the scraped page, never edited) and writes
       rulebooks/shuangta/source.txt  = apply_repairs(seed, REPAIRS)
       rulebooks/shuangta/source.yaml (repairs, gaps, articles; see docs/SOURCE_FORMAT.md)

Damage in the scrape, and how it is handled here:

1. Many (not all) characters 区 were lost: 长 = 区长, 副长 = 副区长, 委 = 区委, 全经济 = 全区经济,
   政府 = 区政府 ... They are restored by small `restore_character` repairs, each with an exact context.
   In the repair list below a "^" marks the place where 区 is inserted: the repair's `original` is the
   string without the "^", its `replacement` has 区 in place of each "^".
   Where it is not clear that a 区 was lost (generic 政府 terms, lists in which another level such as
   市 may also have been lost, 司法局 ...), the text is left alone; see LEFT_ALONE.
2. Most article numerals were lost, wholly (no numeral at all) or in part (a residue such as "二十",
   "、", "五十、" survives). Numbers are reconstructed by counting the paragraphs that begin an article;
   the numerals that survived whole (一 … 八, 十, 十九, 二十, 二十九, 三十, 三十九, 四十, 四十一, 四十二,
   五十, 六十, 七十, 八十) are checked to land on the articles with those numbers. No numeral is
   inserted into the text: `label` is what is printed (the residue, or null), `reconstructed` is true
   when the printed label does not by itself give the number.
3. The cover notice (朝双政发〔2022〕7号) is removed as chrome; then white space is normalized.

The library's segmenter (``rulekit.engine.segment``, used by ``rulekit new``) counts the damaged labels the same
way and agrees with the table below on 79 of the 84 articles; the table settles the rest (the articles whose
numeral was lost whole: 9, 17, 18, 38, and the article before each, whose text would otherwise absorb them).
The script checks that agreement every time it runs.

Run:  python3 tools/segment_shuangta.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rulekit.engine.segment import segment as count_articles  # noqa: E402
from rulekit.engine.source import apply_repairs, chinese_numeral  # noqa: E402

BOOK = ROOT / "rulebooks" / "shuangta"
SEED = BOOK / "seed.txt"
SOURCE = BOOK / "source.txt"
SOURCE_YAML = BOOK / "source.yaml"

E4 = "\u2002" * 4  # the notice lines are indented with four EN SPACEs

# --------------------------------------------------------------------------------------------------
# 1. chrome and white space
# --------------------------------------------------------------------------------------------------

CHROME = [
    ("朝双政发〔2022〕7号\n", "cover notice: document number"),
    ("朝阳市双塔区人民政府\n\n关于印发朝阳市双塔区人民政府\n\n工作规则的通知\n",
     "cover notice: issuing body and title of the notice (关于印发…工作规则的通知)"),
    ("朝阳经济技术开发区管委会,各乡镇人民政府、街道办事处,区政府各部门,区直各单位:\n",
     "cover notice: addressees"),
    (E4 + "经区政府研究同意,现将《朝阳市双塔区人民政府工作规则》印发给你们,请认真贯彻执行。\n",
     "cover notice: body (印发 sentence); the line is indented with four EN SPACEs (U+2002)"),
    (E4 + "朝阳市双塔区人民政府\n", "cover notice: signature (indented with four EN SPACEs)"),
    (E4 + "2022年5月25日\n", "cover notice: date 2022-05-25 (indented with four EN SPACEs)"),
    (E4 + "(此件公开发布)\n", "cover notice: publication note (indented with four EN SPACEs)"),
]

STRAY_SPACE = [
    ("未经区长审定的议题," + "\u00a0" * 10 + "政府常务会议",
     "未经区长审定的议题,政府常务会议", 1,
     "a run of ten NO-BREAK SPACEs inside a sentence (page layout residue); white space only"),
    ("\n\n  ", "\n\n", 6,
     "six paragraphs of 第六章 (arts. 27-30) are indented with two spaces, unlike all others; white space only"),
]

# --------------------------------------------------------------------------------------------------
# 2. restorations of the lost 区 ("^" marks the insertion point); (marked text, count, extra note)
# --------------------------------------------------------------------------------------------------

RESTORE: list[tuple[str, int, str]] = [
    # 第一章
    ("结合^政府工作实际", 1, ""),
    ("二、^政府工作的指导思想", 1, ""),
    ("三、^政府及其组成人员", 1, ""),
    ("^政府认真落实^委决策部署,重要事项及时向^委请示报告", 1, ""),
    ("四、^政府工作的准则是", 1, ""),
    # 第二章
    ("五、^政府由^长、副^长和^政府工作部门", 1, ""),
    ("六、^政府实行^长负责制。^长负责^政府的全面工作。副^长协助^长工作。", 1, ""),
    ("七、副^长按分工负责处理分管工作^长委托", 1,
     "the sentence also seems to have lost a word before 区长委托 (受); not repaired"),
    ("并可代表^政府进行外事活动", 1, ""),
    ("应及时向^长报告", 1, ""),
    ("向^长提出解决意见", 1, ""),
    ("八、^长外出期间,指定负责常务工作的副^长或其他副^长主持^政府工作。", 1, ""),
    ("^政府工作部门实行党组", 1, ""),
    ("^政府各部门根据法律、法规和^政府的决定", 1, ""),
    ("定期向分管副^长汇报", 1, ""),
    ("对需由^政府决策的问题", 1, ""),
    ("^政府各部门要各司其职", 1, ""),
    ("市政府各项决策部署以及^委、^政府各项工作安排", 1, "after 省委、省政府和市委、市政府: the district level"),
    # 第三章
    ("十、^政府要加强与完善", 1, ""),
    ("促进全^经济更高质量", 1, ""),
    # 第四章
    ("^政府及各部门要带头维护宪法", 1, ""),
    ("^政府及各部门要坚持科学民主", 1, ""),
    ("报请^政府批准向区人大报送审查", 1, ""),
    ("倾向性方案,报^政府决定", 1, ""),
    ("提请^政府对政府规章进行修改或废止", 1, "the second 政府 is part of the term 政府规章: left"),
    ("十九^政府各部门制定规范性文件", 1, ""),
    ("由^政府制定规章、发布决定和命令", 1, ""),
    ("应当事先请示^政府;部门联合制定的重要规范性文件发布前须经^政府批准", 1, ""),
    ("严格合法性审核,^政府和^政府办公室名义制定", 1, ""),
    ("^政府各部门制定的规范性文件应当依法及时报^政府备案", 1, ""),
    ("二十、^政府各部门要严格规范", 1, ""),
    # 第五章
    ("二十^政府及各部门要认真贯彻民主集中制", 1, ""),
    ("二十关系全^国民经济和社会发展规划", 1, "全国民经济 of a district's plans = 全区国民经济"),
    ("草案等重大决策事项,^政府全体会议或^政府常务会议讨论决定", 1, ""),
    ("二十^政府各部门提请^政府研究决定重大事项", 1, ""),
    ("报^政府分管领导协调,重要的报^长审定", 1, ""),
    ("二十^政府在作出重大决策前", 1, ""),
    ("不得提交^政府集体讨论", 1, ""),
    ("出台前应按照规定向^委请示报告", 1, ""),
    ("重大决策依法接受^人民代表大会及其常委会的监督", 1, ""),
    ("规定属于^人民代表大会及其常委会讨论决定", 1, ""),
    ("出台前向^人民代表大会常委会报告", 1, ""),
    # 第六章
    ("二十^政府及各部门要把公开透明", 1, ""),
    ("二十^政府全体会议、^政府常务会议讨论决定的事项,^政府及各部门制定的政策", 1, ""),
    ("准确把握^政府决策和工作需求", 1, ""),
    ("为^政府科学民主决策提供依据", 1, ""),
    # 第七章
    ("三十^政府要自觉接受^人民代表大会及其常委会的监督", 1, ""),
    ("自觉接受^政协的民主监督", 1, ""),
    ("^政府各部门要依法认真办理", 1, "人民代表大会代表建议和政协委员提案 in the same sentence: left (deputies of any level)"),
    ("三十^政府及各部门公职人员", 1, ""),
    ("监察机关的监督。^政府各部门要依照", 1, ""),
    ("要认真整改并向^政府报告", 1, ""),
    ("三十^政府及各部门要完善内部层级监督", 1, ""),
    ("三十^政府要严格执行行政复议法", 1, ""),
    ("三十^政府及各部门要接受社会公众", 1, ""),
    ("三十^政府及各部门要重视信访工作", 1, ""),
    ("^政府领导同志及各部门负责人要亲自阅批", 1, ""),
    # 第八章
    ("^政府实行^政府全体会议、区政府党组会议", 1, "the list goes on with intact 区政府党组会议、区政府常务会议、区长例会"),
    ("三十九^政府全体会议由^政府组成人员组成,由^长召集和主持", 1, ""),
    ("会议议题由^政府办公室征求^政府领导意见后提出,经报请负责常务工作的副^长审阅后,由^长确定,"
     "必要时由^政府常务会议讨论确定", 1, ""),
    ("贯彻落实^委的重要决定、会议精神、工作部署以及^人民代表大会及其常委会的重要决议、决定", 2,
     "the same clause in art. 39 (一) and art. 41 (一)"),
    ("(二)讨论决定^政府工作中的重要事项", 1, ""),
    ("(三)讨论全^经济和社会发展中长期规划", 1, "中长期 is not touched"),
    ("部署^政府重要工作", 1, ""),
    ("(六)需要^政府全体会议讨论的其他重大事项", 1, ""),
    ("组织开展^政府党组日常学习", 1, "区政府党组 is intact in the rest of art. 40"),
    ("四十一、^政府常务会议由区长", 1, ""),
    ("研究需要报请^委、^政府审定的重要事项", 1, ""),
    ("讨论需要提请^委常委会会议审议", 1, ""),
    ("讨论研究全^国民经济和社会发展总体", 1, ""),
    ("讨论提请^人民代表大会及其常委会审议", 1, ""),
    ("审议通过以^政府名义印发", 1, ""),
    ("讨论通过^政府年度立法计划和由^政府发布的规章", 1, ""),
    ("分析研究全^经济社会发展形势", 1, ""),
    ("研究决定^政府各部门和各乡镇街请示^政府的重要事项", 1, ""),
    ("研究决定由^政府给予表彰", 1, ""),
    ("讨论决定^政府其他重要工作事项", 1, ""),
    ("提交^政府常务会议讨论的议题应属全局性问题", 1, ""),
    ("凡^政府分管领导职权范围内能够研究解决的问题、通过召开^长办公会议或^政府业务会议", 1, ""),
    ("均不应提交^政府常务会议讨论", 1, ""),
    ("呈报^政府常务会议审议的规范性文件", 1, ""),
    ("不得提请^政府常务会审议", 1, ""),
    ("呈报^政府常务会议研究讨论的议题,须按程序报请^政府分管领导审核", 1, ""),
    ("的议题,^政府常务会议一律不予研究。凡提交^政府常务会议研究的问题", 1, ""),
    ("并征得^政府分管领导同意", 1, ""),
    ("汇报材料须经^政府办公室审核后,由^政府分管领导审定", 1, ""),
    ("^政府常务会议就有关议题进行讨论时,^政府分管领导应首先发表意见", 1, ""),
    ("由主持会议的^政府领导作出最终决定", 1, ""),
    ("^政府常务会议讨论通过的文件需印发的,须经^政府办公室再审核", 1, ""),
    ("四十^长办公会议由^长主持召开,主要研究、处理^政府工作中的重要问题", 1, ""),
    ("^长办公会议不定期召开,会议议题由^长提出,或由^政府分管领导提出建议,^长确定", 1, ""),
    ("由提出建议的^政府分管领导审核,^长审定", 1, ""),
    ("四十^政府业务会议由副区长主持召开", 1, ""),
    ("由主持召开会议的^政府领导确定。会议研究内容涉及其他^政府领导分管工作的", 1, ""),
    ("^政府业务会议不定期召开", 1, ""),
    ("四十^政府全体会议、区政府党组会议", 2, "the openings of arts. 45 and 46 (same list of meetings)"),
    ("区长办公会议、^政府业务会议的组织工作由^政府办公室负责", 1, ""),
    ("未经^政府领导审核同意,^政府办公室不予安排会议", 1, ""),
    ("不予安排会议。\n\n^政府全体会议、区政府党组会议", 1, "second paragraph of art. 45"),
    ("区长办公会议、^政府业务会议文件由议题呈报部门", 1, ""),
    ("^政府办公室要加强对提交会议审议的文件", 1, ""),
    ("区长办公会议、^政府业务会议均须作会议记录并存档,会后形成会议纪要。^政府全体会议、区政府党组会议", 1, ""),
    ("区长签发;^长办公会议纪要由^政府相关副区长审阅后,^长签发。^政府业务会议纪要由^政府分管领导签发,"
     "涉及其他^政府领导分管工作的", 1, ""),
    ("四十^政府领导和有关部门主要负责人应按时参加^政府全体会议、区政府党组会议", 1, ""),
    ("必须向主持召开会议的^政府领导同志请假", 1, ""),
    ("四十^政府召开的全^性工作会议", 1, "全性 = 全区性 (a meeting called by the district government)"),
    ("以部门名义召开全^性会议,主办部门应事先报经^政府分管领导同意,再正式向^政府报送请示", 1, ""),
    ("应由各部门召开的全^性会议,不以^政府名义召开", 1, ""),
    ("^政府领导一般不出席部门的工作会议。^政府分管领导主持召开的会议", 1, ""),
    ("原则上须经^长批准。全^性会议应尽可能", 1, ""),
    ("有关部门须提前报告^政府,经同意后方可答复和安排", 1,
     "the 全性会议 held 在双塔区 earlier in the sentence is left: not clearly 全区性"),
    ("实施细则精神和^委、^政府有关规定", 1, ""),
    # 第九章
    ("五十^政府各部门和各乡镇街政府报送公文", 1, "各乡镇街政府 is left: township governments, or a lost 向区"),
    ("《党政机关公文格式》和^政府的有关规定", 1, ""),
    ("由^政府办公室按规定程序统一办理", 1, ""),
    ("除^政府领导交办事项", 1, ""),
    ("一般不得直接向^政府领导个人报送公文", 1, ""),
    ("由^政府办公室退回报文单位", 1, ""),
    ("五十、拟提请^委有关会议审议或提请以^委、^政府名义联合发文的文件稿,内容主要涉及^政府职责且牵头起草部门为^政府部门的", 1, ""),
    ("先按程序报^政府履行相关审议", 1, ""),
    ("五十、各部门报送^政府的请示性公文", 1, ""),
    ("会签或联合报^政府审批", 1, ""),
    ("负责人会签后报^政府决定", 1, ""),
    ("各部门报送^政府审批的公文,^政府办公室要切实履行", 1, ""),
    ("公文及办理意见由^政府办公室按照^政府领导分工呈批,并根据需要由^政府相关领导转请^政府其他领导核批,"
     "重大事项报^长审批", 1, ""),
    ("^政府领导一般不直接签批未经^政府办公室审核办理的公文", 1, ""),
    ("五十^政府向政府报送的请示、报告,向^委报送的重要文件", 1,
     "the second 政府 (the government reported to, presumably 市政府) is left"),
    ("向^人民代表大会或^人民代表大会常委会提出的议案,^政府管辖范围内的人员任免文件", 1, ""),
    ("^政府名义制发的文件,由区政府办公室政府分管领导审核,由^长签发", 1,
     "the 政府分管领导 right after 区政府办公室 is left (a word such as 报 may be lost there instead)"),
    ("^政府办公室名义制发的文件,由^政府分管领导签发,其中涉及其他^政府领导分管工作的,须经有关^政府领导签署意见,"
     "重要的由^长签发", 1, ""),
    ("^政府或^政府办公室名义制发的公文,其内容应属于关系全^国民经济和社会发展的重大决定", 1, ""),
    ("需要全^各级行政机关", 1, ""),
    ("不以^政府或^政府办公室名义发文。按程序报经^政府相关领导批准的,须在文中注明“经^政府同意”", 1, ""),
    ("未经^政府批准,^政府各部门、各议事协调机构", 1, ""),
    ("^政府各部门之间对有关问题未经协商一致", 1, ""),
    ("五十^政府及各部门要精简文件简报", 1, ""),
    ("各部门报送^政府的简报须经^政府办公室核准,每个部门原则上只向^政府报送一种简报", 1, ""),
    ("五十^政府领导签批公文", 1, ""),
    ("无明确意见的,^政府办公室不得流转。对部门之间有分歧的事项,^政府分管领导应主动加强协调", 1, ""),
    ("五十、以^政府名义发送政府部门的函件,一般由相关^政府领导签发;涉及其他相关^政府领导工作的", 1,
     "the addressee 政府部门 is left (the level is not clear)"),
    ("由负责常务工作的副^长或^长签发", 1, ""),
    # 第十章
    ("把督促检查贯穿于^政府工作的全过程", 1, ""),
    ("市政府决策部署及^委、^政府工作安排不折不扣", 1, ""),
    ("六十^政府领导要亲力亲为", 1, ""),
    ("^政府各部门必须坚决贯彻", 1, ""),
    ("以及^委、^政府的具体安排", 1, ""),
    ("办理完毕后向^政府报告办理情况", 1,
     "the list 政府以及政府的重要决策部署… at the start of the paragraph is left (another level seems lost)"),
    ("六十^政府办公室要深入贯彻《督查工作条例》,制订^级层面", 1, ""),
    ("^政府常务会议定期听取督查工作汇报", 1, ""),
    ("^政府办公室督促检查的重点是", 1,
     "the lists of levels in items (二)-(七) (…以及政府, 委、政府以及委、政府) are left"),
    ("涉及全^经济社会发展重要文件", 1, ""),
    ("建立健全^政府重大决策、重要工作部署落实情况和^政府重点工作任务完成情况", 1, ""),
    ("除^委、^政府统一部署要求外", 1, ""),
    # 第十一章
    ("六十^政府组成人员要坚决贯彻执行党和国家的路线方针政策和^委、^政府工作部署", 1, ""),
    ("六十^政府组成人员必须坚决执行^政府的决定", 1, ""),
    ("不得有任何与^政府决定相违背", 1, ""),
    ("六十^政府组成人员要带头抓落实", 1, ""),
    ("六十^政府领导代表^政府发表讲话或文章,个人发表讲话或文章,事先须按程序报^政府批准;"
     "^政府其他组成人员代表^政府发表讲话", 1, ""),
    ("涉及未经^政府研究决定的重大问题及事项的讲话或文章,事先须按程序报^政府批准", 1, ""),
    ("七十^政府各部门工作中遇有", 1, ""),
    ("^政府向政府报送请示后", 1,
     "the second 政府 and 与政府相关部门 (presumably 市政府) are left"),
    ("并及时将有关情况报告^政府", 1, ""),
    ("^政府领导及各部门负责人参加全省、全市会议或者专题会议后,要及时向^政府报告", 1, ""),
    ("^政府领导及各部门主要负责人外出考察后,要及时向^政府提交", 1, ""),
    ("^政府报告工作要情况全面客观", 1, ""),
    ("^政府组成人员及其他领导干部因事外出", 1, ""),
    ("^长外出,应按政府和委的请假规定执行,并由^政府办公室通报^政府其他领导。", 1,
     "政府和委的请假规定 is left: the leave rules for the district head may be those of 市政府/市委"),
    ("^长外出期间,由负责常务工作的副^长代行准假权。其他^政府领导外出,须向^长请示", 1, ""),
    ("^政府各部门主要负责离朝外出,需事先征得^政府分管领导同意", 1, ""),
    ("向^政府办公室报备,由^政府办公室向^长报告", 1, ""),
    ("由^政府办公室提出安排意见,经报请^政府相关领导同志同意后组织实施", 1, ""),
    ("根据需要^政府办公室协调有关^政府领导参加。除重大接待任务外,原则上一般应由一位^政府领导参加接待活动", 1,
     "政府工作部门派出的各类工作组 (visitors from higher levels) is left"),
    ("由^政府办公室提出接待意见,经报请^政府相关领导同意后组织实施", 1,
     "县(市)区政府及外各地政府来进行学习考察 is left (及外 / 来进行 may have lost 区, not sure)"),
    ("根据需要^政府办公室协调^政府有关领导参加", 1, ""),
    ("七十^政府各部门发布涉及^政府重要工作部署", 1, ""),
    ("重大情况要及时向^政府报告", 1, ""),
    ("七十^政府组成人员要严格遵守保密纪律", 1, ""),
    # 第十二章
    ("七十^政府及各部门要认真贯彻全面从严治党要求", 1, ""),
    ("七十^政府及各部门要依法从严治政", 1, ""),
    ("七十^政府及各部门要严格执行财经纪律", 1, ""),
    ("七十^政府组成人员要廉洁从政", 1, ""),
    ("七十^政府组成人员要强化责任担当", 1, ""),
    ("八十^政府组成人员要做学习的表率。^政府及各部门要建设学习型机关", 1, ""),
    ("八十^政府领导要深入基层", 1, ""),
    ("八十^政府领导不为部门和各地的会议活动", 1, ""),
    ("^政府领导出席会议活动", 1, ""),
]

# places where a 区 may have been lost but the reading is not clear enough to restore it
LEFT_ALONE = [
    "art. 18: 司法局 (×7 in arts. 18-19) and art. 55: 人力资源和社会保障局 — may be 区司法局 / 区人力资源和社会保障局",
    "art. 18: 完善政府工作机制 (probably the generic 政府立法工作机制 with a word lost)",
    "art. 19: 不符合国家规定的政府部门规范性文件 — generic",
    "art. 25: 完善政府法律顾问制度; art. 26: 作为政府工作的基本制度 — generic terms",
    "art. 28: 法律、法规、规章和政府规定; 政府网站、政府公报 — possibly 区政府, not clear",
    "art. 30: 加强政府新闻发言人制度建设 — generic",
    "art. 32: 人民代表大会代表建议和政协委员提案 — deputies/members of any level",
    "art. 49: 在双塔区召开的全性会议 — 全区性 would be odd for a meeting held in the district; another character may be lost",
    "art. 51: 各乡镇街政府报送公文 — township governments, or 各乡镇街(向)区政府",
    "art. 55: 区政府向政府报送 (second 政府); 由区政府办公室政府分管领导审核",
    "art. 59: 以区政府名义发送政府部门的函件 (addressee level unclear)",
    "art. 61: 政府以及政府的重要决策部署、政府以及政府领导批示件和政府以及政府重要会议议定事项,各乡镇街政府各部门 …",
    "art. 62 (二)-(七): 国务院、省政府以及政府 …; 委、政府以及委、政府 …; 政府以及委、政府 … — two levels, one (市?) also lost",
    "art. 70: 区政府向政府报送请示后 (second 政府); 与政府相关部门",
    "art. 71: 应按政府和委的请假规定执行",
    "art. 72: 市以上政府派出的工作组 … 来检查; 政府工作部门派出的各类工作组来; 县(市)区政府及外各地政府来进行学习考察",
    "generic terms never touched: 政府规章, 政府信息公开, 政府投资, 政府采购, 政府主导, 法治政府, 数字政府, "
    "政府职能, 政府效能, 下级政府, 各地, 全员",
]

WORDS = [  # (what follows the 区, the restored word, gloss)
    ("政府", "区政府", "the district government"),
    ("长", "区长", "the district head"),
    ("委", "区委", "the district Party committee"),
    ("人民代表大会", "区人民代表大会", "the district people's congress"),
    ("政协", "区政协", "the district CPPCC"),
    ("级", "区级", "district level"),
]


def _restored_words(marked: str) -> list[str]:
    out = []
    for i, ch in enumerate(marked):
        if ch != "^":
            continue
        before, after = marked[:i].replace("^", ""), marked[i + 1:].replace("^", "")
        if before.endswith("全") and not after.startswith("政府"):  # not 建立健全^政府
            word = next(w for w in ("国民经济", "经济", "性", "各级") if after.startswith(w))
            out.append("全区" + word)
            continue
        for follow, word, _ in WORDS:
            if after.startswith(follow):
                out.append(("副" if before.endswith("副") else "") + word)
                break
        else:
            raise ValueError(f"unclassified restoration in {marked!r}")
    return out


def _restore_note(marked: str, extra: str) -> str:
    words = _restored_words(marked)
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    listed = ", ".join(w + (f" ×{n}" if n > 1 else "") for w, n in counts.items())
    note = f"区 lost in the scrape: {listed}"
    glosses = []
    if any("政府" in w for w in words):
        glosses.append("政府 is here the district government (区政府, intact e.g. in 区政府党组会议)")
    if any(w.endswith("区长") for w in words):
        glosses.append("长/副长 alone = 区长/副区长 (intact in 第八章)")
    if any(w.startswith("区委") for w in words):
        glosses.append("委 alone = 区委")
    if any(w.startswith("全区") for w in words):
        glosses.append("全 + noun = 全区 (district-wide)")
    if any("人民代表大会" in w for w in words):
        glosses.append("人民代表大会 of the district (cf. intact 区人大 in art. 18)")
    if "区政协" in words:
        glosses.append("政协 of the district")
    if "区级" in words:
        glosses.append("级层面 = 区级层面")
    if glosses:
        note += "; " + "; ".join(glosses)
    if extra:
        note += ". " + extra
    return note


def build_repairs() -> list[dict]:
    repairs: list[dict] = []
    for original, note in CHROME:
        repairs.append({"kind": "remove_chrome", "original": original, "replacement": "", "count": 1, "note": note})
    repairs.append({"kind": "normalize_whitespace",
                    "note": "strip trailing (NO-BREAK) spaces, fold blank-line runs left by the notice and the page"})
    for original, replacement, count, note in STRAY_SPACE:
        repairs.append({"kind": "remove_stray_space", "original": original, "replacement": replacement,
                        "count": count, "note": note})
    for marked, count, extra in RESTORE:
        repairs.append({"kind": "restore_character", "original": marked.replace("^", ""),
                        "replacement": marked.replace("^", "区"), "count": count,
                        "note": _restore_note(marked, extra)})
    return repairs


# --------------------------------------------------------------------------------------------------
# 3. segmentation: the per-article decisions
# --------------------------------------------------------------------------------------------------
# Each article: (number, label as printed or None, first words of its text after the label,
#                status, reason, [first words of its continuation paragraphs]).
# Paragraphs of numbered items ((一), (二) ...) are continuations too and need not be listed.
# A label is "reconstructed: false" only when it is a whole numeral equal to the number.

OP, NON = "operative", "non_operative"

ARTICLES = [
    # 第一章 (title lost)
    (1, "一、", "根据《中华人民共和国宪法》", NON, "basis of the rules (根据…制定本规则)", []),
    (2, "二、", "区政府工作的指导思想是", NON, "guiding ideology", []),
    (3, "三、", "区政府及其组成人员要自觉提高政治站位", OP, None, ["区政府认真落实区委决策部署"]),
    (4, "四、", "区政府工作的准则是", NON, "working principles (执政为民, 依法行政 …), no provision", []),
    # 第二章 组成人员职责
    (5, "五、", "区政府由区长、副区长", OP, None, []),
    (6, "六、", "区政府实行区长负责制", OP, None, []),
    (7, "七、", "副区长按分工负责处理分管工作", OP, None, []),
    (8, "八、", "区长外出期间", OP, None, []),
    (9, None, "区政府工作部门实行党组(党委)全面领导", OP, None,
     ["区政府各部门根据法律、法规", "区政府各部门要各司其职"]),
    # 第三章 全面履行政府职能
    (10, "十、", "区政府要加强与完善经济调节", NON, "statement of government functions and aims, no concrete procedure", []),
    (11, "、", "坚持发展为第一要务", NON, "policy aims (economic development), no concrete procedure", []),
    (12, "、", "依法严格市场监管", NON, "policy aims (market regulation), no concrete procedure", []),
    (13, "、", "加强和创新社会治理", NON, "policy aims (social governance), no concrete procedure", []),
    (14, "、", "保障和改善民生", NON, "policy aims (public services), no concrete procedure", []),
    (15, "、", "加强生态环境保护", NON, "policy aims (environment), no concrete procedure", []),
    (16, "、", "加快政府职能转变", NON, "policy aims (放管服, digital government), no concrete procedure", []),
    # 第四章 坚持依法行政
    (17, None, "区政府及各部门要带头维护宪法和法律权威", OP, None, []),
    (18, None, "区政府及各部门要坚持科学民主,制定政府规章", OP, None,
     ["完善政府工作机制,扩大公众参与", "政府规章实施后"]),
    (19, "十九", "区政府各部门制定规范性文件", OP, None,
     ["涉及两个及以上部门职权范围的事项", "严格合法性审核", "区政府各部门制定的规范性文件应当依法及时报",
      "坚持定期清理与日常清理相结合"]),
    (20, "二十、", "区政府各部门要严格规范公正文明执法", OP, None, []),
    # 第五章 实行科学民主依法决策
    (21, "二十", "区政府及各部门要认真贯彻民主集中制原则", OP, None, []),
    (22, "二十、", "重大决策必须坚持和加强党的全面领导", NON, "principle of Party leadership over decisions, no procedure", []),
    (23, "二十", "关系全区国民经济和社会发展规划", OP, None, []),
    (24, "二十", "区政府各部门提请区政府研究决定重大事项", OP, None, []),
    (25, "二十", "区政府在作出重大决策前", OP, None,
     ["重大决策出台前应按照规定向区委请示报告", "在重大决策执行过程中", "完善政府法律顾问制度"]),
    # 第六章 推进政务公开
    (26, "二十", "区政府及各部门要把公开透明作为政府工作的基本制度", OP, None, []),
    (27, "二十", "区政府全体会议、区政府常务会议讨论决定的事项", OP, None, []),
    (28, "、", "凡涉及公共利益、公众权益", OP, None, ["与群众和企业密切相关的依申请政务服务事项"]),
    (29, "二十九、", "加强政策解读", OP, None, ["按照“谁起草、谁解读”的原则"]),
    (30, "三十、", "高度重视政务舆情回应工作", OP, None, ["加强政府新闻发言人制度建设"]),
    (31, "三十、", "切实加强政务信息工作", NON, "exhortation (政务信息工作), no concrete procedure", []),
    # 第七章 健全监督制度
    (32, "三十", "区政府要自觉接受区人民代表大会及其常委会的监督", OP, None, ["区政府各部门要依法认真办理"]),
    (33, "三十", "区政府及各部门公职人员要依照有关法律的规定", OP, None, []),
    (34, "三十", "区政府及各部门要完善内部层级监督", OP, None, []),
    (35, "三十", "区政府要严格执行行政复议法", OP, None, []),
    (36, "三十", "区政府及各部门要接受社会公众和新闻舆论的监督", OP, None, []),
    (37, "三十", "区政府及各部门要重视信访工作", OP, None, []),
    # 第八章 会议制度
    (38, None, "区政府实行区政府全体会议", OP, None, []),
    (39, "三十九", "区政府全体会议由区政府组成人员组成", OP, None, []),
    (40, "四十、", "区政府党组会议由区政府党组书记召集并主持", OP, None, ["党组会议议题由党组书记提出"]),
    (41, "四十一、", "区政府常务会议由区长、副区长、区政府党组成员组成", OP, None,
     ["提交区政府常务会议讨论的议题应属全局性问题", "呈报区政府常务会议审议的规范性文件",
      "呈报区政府常务会议研究讨论的议题", "由议题呈报单位主要领导向常务会议汇报",
      "区政府常务会议就有关议题进行讨论时", "区政府常务会议讨论通过的文件需印发的"]),
    (42, "四十二、", "区长例会由区长、副区长参加", OP, None, ["区长例会的主要任务是", "区长例会由区政府办公室负责记录"]),
    (43, "四十", "区长办公会议由区长主持召开", OP, None, []),
    (44, "四十", "区政府业务会议由副区长主持召开", OP, None, []),
    (45, "四十", "区政府全体会议、区政府党组会议、区政府常务会议、区长例会、区长办公会议、区政府业务会议的组织工作",
     OP, None, ["区政府全体会议、区政府党组会议、区政府常务会议、区长例会、区长办公会议、区政府业务会议文件"]),
    (46, "四十", "区政府全体会议、区政府党组会议、区政府常务会议、区长例会、区长办公会议、区政府业务会议均须作会议记录",
     OP, None, []),
    (47, "四十", "区政府领导和有关部门主要负责人应按时参加", OP, None, []),
    (48, "四十", "区政府召开的全区性工作会议实行计划管理", OP, None, ["应由各部门召开的全区性会议"]),
    (49, "四十、", "通过部门协商在双塔区召开的全性会议", OP, None, []),
    (50, "五十、", "各类会议筹办要严格落实中央八项规定", NON, "exhortation (frugal meetings under the 八项规定), no own procedure", []),
    # 第九章 公文审批制度
    (51, "五十", "区政府各部门和各乡镇街政府报送公文", OP, None, ["请示、报告类公文"]),
    (52, "五十、", "拟提请区委有关会议审议", OP, None, []),
    (53, "五十、", "各部门报送区政府的请示性公文", OP, None, ["部门之间征求意见或会签文件时"]),
    (54, "五十、", "各乡镇街、各部门报送区政府审批的公文", OP, None,
     ["公文及办理意见由区政府办公室", "区政府领导一般不直接签批"]),
    (55, "五十", "区政府向政府报送的请示、报告", OP, None,
     ["区政府名义制发的文件", "区政府办公室名义制发的文件", "区政府或区政府办公室名义制发的公文"]),
    (56, "五十、", "属部门职权范围内事务", OP, None, ["除法律法规明确规定外", "区政府各部门之间对有关问题未经协商一致"]),
    (57, "五十", "区政府及各部门要精简文件简报", OP, None, ["各部门报送区政府的简报"]),
    (58, "五十", "区政府领导签批公文应提出明确的批示意见", OP, None, []),
    (59, "五十、", "以区政府名义发送政府部门的函件", OP, None, []),
    # 第十章 督查考评制度
    (60, "六十、", "把督促检查贯穿于区政府工作的全过程", OP, None, []),
    (61, "六十", "区政府领导要亲力亲为抓落实", OP, None, ["区政府各部门必须坚决贯彻", "政府以及政府的重要决策部署"]),
    (62, "六十", "区政府办公室要深入贯彻《督查工作条例》", OP, None, ["区政府办公室督促检查的重点是"]),
    (63, "六十、", "对督促检查发现的问题建立台账", OP, None, ["严格执行“710”工作制度"]),
    (64, "六十、", "建立健全区政府重大决策", OP, None, []),
    (65, "六十、", "从严控制各类实地督查活动", OP, None, []),
    # 第十一章 工作纪律
    (66, "六十", "区政府组成人员要坚决贯彻执行党和国家的路线方针政策", NON,
     "exhortation (discipline, 有令必行、有禁必止), no concrete procedure", []),
    (67, "六十", "区政府组成人员必须坚决执行区政府的决定", OP, None, []),
    (68, "六十", "区政府组成人员要带头抓落实", NON, "exhortation (抓落实, against formalism), no concrete procedure", []),
    (69, "六十", "区政府领导代表区政府发表讲话或文章", OP, None, []),
    (70, "七十", "区政府各部门工作中遇有重大突发事件或重大问题", OP, None,
     ["区政府向政府报送请示后", "区政府领导及各部门负责人参加全省、全市会议", "区政府领导及各部门主要负责人外出考察后",
      "区政府报告工作要情况全面客观"]),
    (71, "七十、", "严格执行领导干部外出报告和请假制度", OP, None,
     ["区长外出,应按政府和委的请假规定执行", "区政府各部门主要负责离朝外出", "以上领导干部外出返回后"]),
    (72, "七十、", "内事接待坚持统一协调、分工负责的原则", OP, None, ["县(市)区政府及外各地政府来进行学习考察"]),
    (73, "七十", "区政府各部门发布涉及区政府重要工作部署", OP, None, []),
    (74, "七十", "区政府组成人员要严格遵守保密纪律和外事纪律", OP, None, []),
    # 第十二章 廉政和作风建设
    (75, "七十", "区政府及各部门要认真贯彻全面从严治党要求", NON,
     "exhortation (从严治党, 八项规定, 廉政建设), no own provision", []),
    (76, "七十", "区政府及各部门要依法从严治政", OP, None, []),
    (77, "七十", "区政府及各部门要严格执行财经纪律", OP, None, ["严格控制因公出国(境)团组数量和规模"]),
    (78, "七十", "区政府组成人员要廉洁从政", OP, None, []),
    (79, "七十", "区政府组成人员要强化责任担当", NON, "exhortation (责任担当, against formalism), no concrete procedure", []),
    (80, "八十", "区政府组成人员要做学习的表率", NON, "exhortation (学习型机关), no concrete procedure", []),
    (81, "八十", "区政府领导要深入基层", OP, None, []),
    (82, "八十", "区政府领导不为部门和各地的会议活动等发贺信", OP, None, []),
    # 第十三章 附 则
    (83, "八十、", "驻区垂管部门参照执行本规则", OP, None, []),
    (84, "八十、", "本规则自下发之日起执行", OP, None, []),
]

# numerals that survived whole: the article carrying each must have that number
ANCHORS = {"一、": 1, "二、": 2, "三、": 3, "四、": 4, "五、": 5, "六、": 6, "七、": 7, "八、": 8, "十、": 10,
           "十九": 19, "二十、": 20, "二十九、": 29, "三十、": 30, "三十九": 39, "四十、": 40, "四十一、": 41,
           "四十二、": 42, "五十、": 50, "六十、": 60, "七十": 70, "八十": 80}

TITLE = "朝阳市双塔区人民政府工作规则"
CHAPTER_RE = re.compile(r"第[一二三四五六七八九十]+章")
ITEM_RE = re.compile(r"[(（][一二三四五六七八九十]+[)）]")


def _label_number(label: str | None) -> int | None:
    """The number a printed label gives by itself (None for a residue such as "、" or a bare "二十" that is
    not the article's number)."""
    if not label:
        return None
    digits = label.rstrip("、")
    return chinese_numeral(digits) if digits else None


def segment(source: str) -> list[dict]:
    paragraphs = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", source)]
    articles: list[dict] = []
    chapter: str | None = None
    queue = list(ARTICLES)
    current: dict | None = None
    pending_conts: list[str] = []
    seen_title = False
    for start, end, para in paragraphs:
        body = para.lstrip(" \u3000")
        offset = start + (len(para) - len(body))
        if not seen_title:
            assert body == TITLE, f"the source must begin with the title, got {body[:30]!r}"
            seen_title = True
            continue
        if CHAPTER_RE.match(body):
            assert not pending_conts, f"article {current['number']}: continuations not found: {pending_conts}"
            chapter = " ".join(body.split())
            current = None
            continue
        if queue:
            number, label, first, status, reason, conts = queue[0]
            after = body[len(label):] if label else body
            if (label is None or body.startswith(label)) and after.startswith(first):
                assert not pending_conts, f"article {current['number']}: continuations not found: {pending_conts}"
                queue.pop(0)
                text_start = offset + (len(label) if label else 0)
                current = {"number": number, "label": label, "status": status, "reason": reason,
                           "chapter": chapter, "start": text_start, "end": end}
                pending_conts = list(conts)
                articles.append(current)
                continue
        # a continuation of the current article
        assert current is not None, f"paragraph outside any article: {body[:30]!r}"
        if pending_conts and body.startswith(pending_conts[0]):
            pending_conts.pop(0)
        elif not ITEM_RE.match(body):
            raise AssertionError(f"undeclared paragraph in article {current['number']}: {body[:30]!r}")
        current["end"] = end
    assert not queue, f"articles not found: {[a[0] for a in queue]}"
    assert not pending_conts, f"article {current['number']}: continuations not found: {pending_conts}"

    out = []
    for a in articles:
        text = source[a["start"]:a["end"]].strip()
        label = a["label"]
        reconstructed = _label_number(label) != a["number"]
        out.append({"number": a["number"], "label": label, "reconstructed": reconstructed,
                    "chapter": a["chapter"], "status": a["status"], "reason": a["reason"], "text": text})
    return out


# --------------------------------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------------------------------

class _Block(str):
    pass


class _Quoted(str):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Block, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style="|"))
_Dumper.add_representer(_Quoted, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style='"'))


def _quoted(repair: dict) -> dict:
    """Repairs with `original`/`replacement` in double quotes (line breaks shown as \\n)."""
    return {k: _Quoted(v) if k in ("original", "replacement") else v for k, v in repair.items()}


def check(seed: str, source: str, repairs: list[dict], articles: list[dict]) -> None:
    assert apply_repairs(seed, repairs) == source
    numbers = [a["number"] for a in articles]
    assert numbers == list(range(1, len(articles) + 1)), "numbers must be 1..N"
    for a in articles:
        assert a["text"] and a["text"] in source, f"article {a['number']}: text not in source"
        assert a["status"] in ("operative", "non_operative")
        assert (a["reason"] is None) == (a["status"] == "operative")
    # every surviving whole numeral sits on the article with that number
    by_number = {a["number"]: a for a in articles}
    for label, n in ANCHORS.items():
        assert by_number[n]["label"] == label and not by_number[n]["reconstructed"], (label, n)
    for a in articles:
        if not a["reconstructed"]:
            assert ANCHORS.get(a["label"]) == a["number"], a["number"]
    # no 区 was added anywhere but by restore_character repairs, and no wording changed otherwise
    skeleton = source.replace("区", "")
    base = apply_repairs(seed, [r for r in repairs if r["kind"] != "restore_character"]).replace("区", "")
    assert skeleton == base


def settled_by_hand(source: str, articles: list[dict]) -> list[int]:
    """The articles where this table settles what the library's counting (``rulekit new``) cannot: those whose
    numeral was lost whole and the one before each. Everywhere else the two must agree exactly."""
    counted = {a["number"]: a for a in count_articles(source, style="X、").articles}
    keys = ("label", "reconstructed", "chapter", "text")
    differ = [a["number"] for a in articles
              if a["number"] not in counted or any(counted[a["number"]][k] != a[k] for k in keys)]
    unlabeled = [a["number"] for a in articles if a["label"] is None]
    allowed = set(unlabeled) | {n - 1 for n in unlabeled}
    assert set(differ) <= allowed, f"counting disagrees with the table at {sorted(set(differ) - allowed)}"
    return differ


def main() -> None:
    seed = SEED.read_text(encoding="utf-8")
    repairs = build_repairs()
    source = apply_repairs(seed, repairs)
    articles = segment(source)
    check(seed, source, repairs, articles)
    by_hand = settled_by_hand(source, articles)
    print(f"counting agrees on {len(articles) - len(by_hand)} of {len(articles)} articles; "
          f"settled by this table: {by_hand}")

    SOURCE.write_text(source, encoding="utf-8")
    doc = {
        "seed": "seed.txt",
        "text": "source.txt",
        "repairs": [_quoted(r) for r in repairs],
        "gaps": [],
        "articles": [dict(a, text=_Block(a["text"])) for a in articles],
    }
    dumped = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10000)
    SOURCE_YAML.write_text(dumped, encoding="utf-8")

    # re-read and re-check what was written
    loaded = yaml.safe_load(SOURCE_YAML.read_text(encoding="utf-8"))
    assert apply_repairs(seed, loaded["repairs"]) == SOURCE.read_text(encoding="utf-8")
    assert [a["text"] for a in loaded["articles"]] == [a["text"] for a in articles]
    restored = sum(r["replacement"].count("区") - r["original"].count("区")
                   for r in repairs if r["kind"] == "restore_character" for _ in range(r["count"]))
    print(f"{len(articles)} articles, {len(repairs)} repairs, {restored} 区 restored; "
          f"wrote {SOURCE.relative_to(ROOT)} and {SOURCE_YAML.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
