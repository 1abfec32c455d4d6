"""Safer wording for versions 1 and 2 in databases that loaded them before the fix (issue #18).

Version 1 still printed advice known to be unsafe (deleting safety data each year, a cobot "built to
work safely beside people", clamp-on meters fitted by anyone, CO₂ monitors as proof of ventilation),
and version 2 told firms in England and Wales that energy help exists only in Scotland and Northern
Ireland, listed the legal safety basics incompletely and left out the duties that come with building
a robot cell. The packs were fixed in place (wording only, which a published version allows); this
brings the same text to a database that already holds them, row by row, only where the row still
holds the text the pack shipped (see _rewording).
"""

from django.db import migrations

from ._rewording import reword

FIXES = [  # (kind, version, code, field, shipped text, new text)
    (
        "question",
        1,
        "safety-07",
        "help_text",
        "Examples are CO₂ monitors that show whether a room is well ventilated, dust, noise or gas monitors, and alarms for people working alone. Employers must provide adequate ventilation under the Workplace (Health, Safety and Welfare) Regulations 1992.",
        "Examples are gas detectors, dust or noise monitors, CO₂ monitors (which only hint at poor ventilation) and alarms for people working alone. Devices support, but never replace, your risk assessments; employers must provide adequate ventilation under the Workplace (Health, Safety and Welfare) Regulations 1992.",
    ),
    (
        "question",
        1,
        "automation-02",
        "help_text",
        "A cobot (collaborative robot) is designed to work safely alongside people, often with little or no guarding. Count any robot in everyday production use.",
        "A cobot (collaborative robot) is designed to work near people, but whether it is safe depends on a risk assessment of the whole application, including its tool, the parts and the layout. Count any robot in everyday production use.",
    ),
    (
        "option",
        1,
        "green-02",
        "label",
        "We have measured our biggest loads with temporary clamp-on meters or during a one-off energy survey.",
        "We have measured our biggest loads with temporary meters or during a one-off energy survey.",
    ),
    (
        "recommendation",
        1,
        "safety-established",
        "body",
        "Bring sign-in, training, permit and incident records together, so you can see who is on site, whether they are trained and where problems cluster. Track a few leading indicators, such as near-misses reported and actions closed on time, not just accidents. Consider CO₂ monitors in busy rooms to check that ventilation is adequate. A technology adviser can help you judge which sensors or software are worth it.",
        "Bring sign-in, training, permit and incident records together, so you can see who is on site, whether they are trained and where problems cluster. Track a few leading indicators, such as near-misses reported and actions closed on time, not just accidents. A CO₂ monitor can hint at poor ventilation in a busy room where no process gives off CO₂, but it never proves that ventilation is adequate. A technology adviser can help you judge which sensors or software are worth it.",
    ),
    (
        "recommendation",
        1,
        "safety-leading",
        "body",
        "Your systems are mature, so the next gains come from people and partners. Set stretch goals, such as closing every near-miss action within a fixed number of days, and share progress with staff. Help contractors and suppliers adopt your sign-in and permit standards, and offer to host or mentor peer firms through local networks. Each year, delete safety data you no longer need.",
        "Your systems are mature, so the next gains come from people and partners. Set stretch goals, such as closing every near-miss action within a fixed number of days, and share progress with staff. Help contractors and suppliers adopt your sign-in and permit standards, and offer to host or mentor peer firms through local networks. Keep accident and RIDDOR records for at least three years, and health surveillance records for as long as the law requires, which can be up to 40 years.",
    ),
    (
        "recommendation",
        1,
        "automation-developing",
        "body",
        "Record run time, stoppages and output on your bottleneck machine automatically, and work out its OEE (overall equipment effectiveness: availability × performance × quality). Use the results to find the one task where a cobot (a robot built to work safely beside people), a robot cell or camera inspection would pay back fastest. Get impartial advice and see the technology working before you buy.",
        "Record run time, stoppages and output on your bottleneck machine automatically, and work out its OEE (overall equipment effectiveness: availability × performance × quality). Use the results to find the one task where a cobot (a robot designed to work near people, made safe by a risk assessment of the whole cell), a robot cell or camera inspection would pay back fastest. Get impartial advice and see the technology working before you buy.",
    ),
    (
        "recommendation",
        1,
        "safety-07-low",
        "title",
        "Start logging air quality where people work",
        "Use monitoring devices as a prompt, never as proof",
    ),
    (
        "recommendation",
        1,
        "safety-07-low",
        "body",
        "Pick the two or three areas that worry you most and fit monitors that log readings: CO₂ monitors show whether busy rooms and enclosed work areas are well ventilated, and particle monitors suit dusty processes. A few weeks of data shows whether ventilation and extraction cope at peak times. Give anyone who works alone an alarm or check-in app. Tell staff what data you collect about them and why.",
        "Fixed gas detectors and lone-worker alarms can warn people in time. Other monitors are indicators only: a CO₂ monitor suggests poor ventilation in an occupied room where no process gives off CO₂, and a low-cost particle monitor can show when dust rises. Neither proves that ventilation or extraction is adequate; that needs your COSHH assessment, exposure monitoring by a competent person where needed, and the thorough examination of extraction (LEV) at least every 14 months. Give anyone who works alone an alarm or check-in app. Tell staff what data you collect about them and why.",
    ),
    (
        "recommendation",
        1,
        "automation-03-low",
        "body",
        "Start with your bottleneck machine. Retrofit kits, such as a current clamp or stack-light sensor with a small gateway, can log running, idle and stopped time without touching the machine controls. Run it for a month, then go through the biggest causes of stoppage with the operators. Agree with whoever runs your IT how the device will connect safely to your network.",
        "Start with your bottleneck machine. Retrofit kits, such as a stack-light sensor or a current sensor with a small gateway, can log running, idle and stopped time. Anything that connects to machine electrics must be fitted by a competent electrician with the machine isolated (Electricity at Work Regulations 1989). Run it for a month, then go through the biggest causes of stoppage with the operators. Agree with whoever runs your IT how the device will connect safely to your network.",
    ),
    (
        "recommendation",
        1,
        "green-02-low",
        "body",
        "Start with the equipment you suspect uses most, such as compressors, ovens, furnaces, chillers or large motors. Hire or borrow clamp-on meters for a few weeks and record their use, including overnight and at weekends. In one Carbon Trust trial, a machining firm found machines left running overnight this way. Use the results to decide where permanent sub-meters are worth fitting.",
        "Start with the equipment you suspect uses most, such as compressors, ovens, furnaces, chillers or large motors. Ask a competent electrician to fit temporary meters or loggers to them for a few weeks and record their use, including overnight and at weekends. Meters that clip onto live circuits must be fitted and removed by a competent electrician, never by untrained staff (Electricity at Work Regulations 1989). Use the results to decide where permanent sub-meters are worth fitting.",
    ),
    (
        "question",
        2,
        "automation-02",
        "help_text",
        "A cobot (collaborative robot) is designed to work near people, but safety depends on a risk assessment of the whole application, including tool, parts and layout (ISO 10218-2, ISO/TS 15066, PUWER).",
        "A cobot (collaborative robot) is designed to work near people, but safety depends on a risk assessment of the whole application, including tool, parts and layout (ISO 10218-2:2025, which now includes the former ISO/TS 15066, and PUWER).",
    ),
    (
        "recommendation",
        2,
        "v2-safety-starting",
        "body",
        "Every employer needs a few things in place before any digital tool helps: written risk assessments for the main tasks, a fire risk assessment with an evacuation plan, an accident book and a way to report RIDDOR incidents, training records for each machine, and a named competent person to help with health and safety. Fill the gaps for your highest risks first. HSE (HSENI in Northern Ireland) publishes free templates, and your local business adviser can point you to help.",
        "Every employer needs these before any digital tool helps: a written safety policy (with five or more staff), employers' liability insurance, risk and COSHH assessments (written down with five or more staff), a fire risk assessment and evacuation plan, first-aid cover, an accident book and RIDDOR reporting, training for everyone who uses a machine (keep records as proof), a named competent person, and a way to consult staff. Fill the gaps for your highest risks first. HSE (HSENI in Northern Ireland) publishes free templates, and your local business adviser can point you to help.",
    ),
    (
        "recommendation",
        2,
        "v2-safety-developing",
        "first_step",
        "Pick your three most-used paper safety forms, such as forklift pre-use checks, permits and fire door checks, and rebuild them in a phone form tool.",
        "Pick three routine checks you already do on paper, such as forklift pre-use checks or fire door checks, and rebuild them in a phone form tool.",
    ),
    (
        "recommendation",
        2,
        "v2-safety-developing",
        "body",
        "You keep some records; now make them quick to fill in and easy to find. Phone or tablet forms record who did each check and when, add photos, and flag a failed check to a named person at once. Keep the same content as your paper forms at first, so nothing is lost in the move. Keep accident and RIDDOR records for at least three years, and health surveillance records for as long as the law requires, which can be up to 40 years.",
        "Put any missing legal basics first, such as written permits for high-risk jobs or risk assessments that are out of date. Then make the records that work on paper quick to fill in and easy to find. Phone or tablet forms record who did each check and when, add photos, and flag a failed check to a named person at once. Keep the same content as your paper forms at first, so nothing is lost in the move. Keep accident and RIDDOR records for at least three years, and health surveillance records for as long as the law requires, which can be up to 40 years.",
    ),
    (
        "recommendation",
        2,
        "v2-safety-advanced",
        "body",
        "Trial connected sensors or lone-worker alarms in one high-risk area and send alerts to a named person. Know their limits: a CO₂ monitor only indicates ventilation in an occupied room where no process gives off CO₂, and never proves it is adequate. Low-cost particle monitors do not replace COSHH exposure monitoring, or the thorough examination of extraction (LEV) by a competent person at least every 14 months. Agree with staff what is tracked, as location and health data are personal data.",
        "Trial connected sensors or lone-worker alarms in one high-risk area and send alerts to a named person. Know their limits: a CO₂ monitor only indicates ventilation in an occupied room where no process gives off CO₂, and never proves it is adequate. Low-cost particle monitors do not replace COSHH exposure monitoring, or the thorough examination of extraction (LEV) by a competent person at least every 14 months (more often for some processes). Agree with staff what is tracked: location data is personal data and health data is special-category data, so do a data protection impact assessment before you start.",
    ),
    (
        "recommendation",
        2,
        "v2-safety-01",
        "body",
        "Sign-in apps run on a tablet at reception and can be set up within days for a modest monthly fee. Make visitors accept your site rules and emergency procedure before they get a badge, and record when they leave as well as when they arrive, so the list is right in an evacuation. Visitor records are personal data: set how long to keep them. This does not apply to accident or contractor records that safety law requires you to keep.",
        "Sign-in apps run on a tablet at reception and can be set up within days for a modest monthly fee. Make visitors accept your site rules and emergency procedure before they get a badge, and record when they leave as well as when they arrive, so the list is right in an evacuation. Visitor records are personal data: set a short retention period for the visitor log, and keep accident, RIDDOR and health records for their legal periods.",
    ),
    (
        "recommendation",
        2,
        "v2-safety-05",
        "body",
        "Many clocking-in and sign-in systems can already show who is on site right now; make that list open on the fire marshals' phones. Until it does, make one named person on each shift responsible for taking out the current lists in every alarm. Run a timed drill this quarter and compare the count with who was really on site; the gaps show what to fix first. Record drills in your fire risk assessment.",
        "Many clocking-in and sign-in systems can already show who is on site right now; make that list open on the fire marshals' phones. Until it does, make one named person on each shift responsible for taking out the current lists in every alarm. Run a timed drill this quarter and compare the count with who was really on site; the gaps show what to fix first. Record each drill in your fire log book, and review your fire risk assessment if the drill shows gaps.",
    ),
    (
        "recommendation",
        2,
        "v2-safety-07",
        "body",
        "Fixed gas detectors and lone-worker alarms can warn people in time. Other devices are indicators only: a CO₂ monitor suggests poor ventilation in an occupied room where no process gives off CO₂, and a cheap particle monitor can show when dust rises. Neither replaces your COSHH assessment, exposure monitoring by a competent person, or the thorough examination of extraction (LEV) at least every 14 months. Tell staff what any device records about them.",
        "Fixed gas detectors and lone-worker alarms can warn people in time. Other devices are indicators only: a CO₂ monitor suggests poor ventilation in an occupied room where no process gives off CO₂, and a cheap particle monitor can show when dust rises. Neither replaces your COSHH assessment, exposure monitoring by a competent person, or the thorough examination of extraction (LEV) at least every 14 months (more often for some processes). Tell staff what any device records about them.",
    ),
    (
        "recommendation",
        2,
        "v2-supply-02",
        "body",
        "Before talking to vendors, decide what the system must fix, such as shortages, late orders or time spent retyping. Shortlist systems built for manufacturers of your size and ask for demonstrations with your own products and bills of materials. Start cleaning part data early. Impartial technology advice helps you avoid buying more system than you need.",
        "Before talking to vendors, decide what the system must fix, such as shortages, late orders or time spent retyping. Shortlist systems built for manufacturers of your size and ask for demonstrations with your own products and bills of materials. Start cleaning part data early. Impartial technology advice helps you avoid buying more system than you need. Budget separately for the system itself: for most firms of 10 to 250 people, licences, set-up, data cleansing and training come to several tens of thousands of pounds, plus your own staff's time.",
    ),
    (
        "recommendation",
        2,
        "v2-supply-09",
        "body",
        "A website that takes quote requests or orders around the clock reaches customers beyond your existing contacts, including abroad. Make sure orders flow into your system without retyping, and track where enquiries come from. If overseas interest grows, UK Export Finance can help your bank support export orders, and your national agency can advise on new markets.",
        "A website that takes quote requests or orders around the clock reaches customers beyond your existing contacts, including abroad. Make sure orders flow into your system without retyping, and track where enquiries come from. If overseas interest grows, ask your national business adviser about export advice first; once exports are a regular part of your sales, UK Export Finance can back your bank's support for export orders.",
    ),
    (
        "recommendation",
        2,
        "v2-automation-advanced",
        "body",
        "Automation can make it viable to make what you now buy from distant or single suppliers. Compare the full cost of buying in, including stock, freight, delays and quality, with making in-house using automation, and test the project with a research centre before you commit. Design cells that change over quickly, so the same investment can take on short runs and new work. Check finance and tax allowances.",
        "Automation can make it viable to make what you now buy from distant or single suppliers. Compare the full cost of buying in, including stock, freight, delays and quality, with making in-house using automation, and test the project with a research centre before you commit. Design cells that change over quickly, so the same investment can take on short runs and new work. Ask the integrator for a Declaration of Conformity and UKCA or CE marking for each new cell. Check finance and tax allowances.",
    ),
    (
        "recommendation",
        2,
        "v2-automation-leading",
        "body",
        "Virtual commissioning tests a line's layout, robot paths and control logic in a digital model, so problems are fixed before installation and changeovers to new products are planned off line. Pair it with AI-based scheduling trials on your own data. This is frontier work for an SME, so do it as a funded collaboration with a research centre and keep the know-how in-house by involving your own engineers throughout.",
        "Virtual commissioning tests a line's layout, robot paths and control logic in a digital model, so problems are fixed before installation and changeovers to new products are planned off line. Pair it with AI-based scheduling trials on your own data. This is frontier work for an SME, so do it as a funded collaboration with a research centre and keep the know-how in-house by involving your own engineers throughout. Whoever builds the new line takes on the manufacturer's duties for it: conformity assessment, a technical file, a Declaration of Conformity and UKCA or CE marking.",
    ),
    (
        "recommendation",
        2,
        "v2-automation-01",
        "body",
        "Pick the step that limits output or is hardest to staff, and price simple fixes first: jigs, fixtures, feeders or conveyors. Any change to machinery, including new guards or feeders, needs its risk assessment updated and must meet PUWER; use a competent person for guarding and electrical work. An impartial technology adviser can help you compare options before you talk to sellers.",
        "Pick the step that limits output or is hardest to staff, and price simple fixes first: jigs, fixtures, feeders or conveyors. Any change to machinery, including new guards or feeders, needs its risk assessment updated and must meet PUWER; use a competent person for guarding and electrical work. A substantial change can make you the manufacturer of a new machine, with the duties of the Supply of Machinery (Safety) Regulations 2008. An impartial technology adviser can help you compare options before you talk to sellers.",
    ),
    (
        "recommendation",
        2,
        "v2-automation-02",
        "body",
        "Ask two or three integrators to run a trial on your own parts and work out payback from labour hours saved and extra running time. Safety comes from a risk assessment of the whole application, not from the robot alone (ISO 10218-2, ISO/TS 15066, PUWER). Check match funding, finance and tax allowances before you commit.",
        "Ask two or three integrators to run a trial on your own parts and work out payback from labour hours saved and extra running time. Safety comes from a risk assessment of the whole application, not from the robot alone (ISO 10218-2:2025, which now includes the former ISO/TS 15066, and PUWER). Ask the integrator for a Declaration of Conformity and UKCA or CE marking for the whole cell; if you build or substantially change it yourself, you take on the manufacturer's duties under the Supply of Machinery (Safety) Regulations 2008. Budget separately for the cell itself, which with integration and guarding often costs several tens of thousands of pounds, and check match funding, finance and tax allowances before you commit.",
    ),
    (
        "recommendation",
        2,
        "v2-automation-05",
        "body",
        "Put the tasks in a shared planner or a simple maintenance app, and log every breakdown with its cause and downtime. Include statutory checks done by a competent person, such as lifting equipment inspections and the thorough examination of extraction (LEV) at least every 14 months. After three to six months, use the breakdown history to decide which machines justify condition sensors.",
        "Put the tasks in a shared planner or a simple maintenance app, and log every breakdown with its cause and downtime. Include statutory checks done by a competent person, such as lifting equipment inspections and the thorough examination of extraction (LEV) at least every 14 months (more often for some processes). After three to six months, use the breakdown history to decide which machines justify condition sensors.",
    ),
    (
        "recommendation",
        2,
        "v2-green-starting",
        "body",
        "Energy savings start when someone owns them. Ask your champion to log bills and meter readings in one spreadsheet, walk the site when production stops to see what is still running, and keep a short list of fixes with a rough saving for each. Report progress to management monthly. The UK Business Climate Hub has free guides, and energy loans and grants exist in Scotland and Northern Ireland.",
        "Energy savings start when someone owns them. Ask your champion to log bills and meter readings in one spreadsheet, walk the site when production stops to see what is still running, and keep a short list of fixes with a rough saving for each. Report progress to management monthly. The UK Business Climate Hub has free guides. Ask your national business adviser which energy loans, grants and audit support are open where you are.",
    ),
    (
        "recommendation",
        2,
        "v2-green-established",
        "body",
        "Permanent sub-meters, installed by a competent electrician, show energy use by line or machine. Review it monthly with the people who run the equipment, and set targets by line. Build a costed list of projects, such as variable speed drives or heat recovery, and work through it by payback. Energy efficiency loans and grants exist in Scotland and Northern Ireland.",
        "Permanent sub-meters, installed by a competent electrician, show energy use by line or machine. Review it monthly with the people who run the equipment, and set targets by line. Build a costed list of projects, such as variable speed drives or heat recovery, and work through it by payback. Ask your national business adviser which energy loans and grants are open where you are.",
    ),
    (
        "recommendation",
        2,
        "v2-green-04",
        "body",
        "Listen for compressed-air leaks when the shop is quiet, and look for heating or lighting in empty areas and machines left idling. Turn what you find into a short action list with an owner and a rough saving for each, and review it monthly. Energy loans and grants can help with the larger fixes in Scotland and Northern Ireland.",
        "Listen for compressed-air leaks when the shop is quiet, and look for heating or lighting in empty areas and machines left idling. Turn what you find into a short action list with an owner and a rough saving for each, and review it monthly. For the larger fixes, ask your national business adviser which energy loans and grants are open where you are.",
    ),
    (
        "recommendation",
        2,
        "v2-green-08",
        "body",
        "Review the top three scrap causes each month and tackle the biggest; cutting scrap saves material, energy and labour at once. Ask your waste contractor for monthly weights by waste type, and separate streams that can be sold or recycled, such as metal, card and plastic. Once the log works, record it in your system so scrap costs reach product costing.",
        "Review the top three scrap causes each month and tackle the biggest; cutting scrap saves material, energy and labour at once. Ask your waste contractor for monthly weights by waste type. Separating recyclable waste is a legal duty in Wales and Scotland, and in England for workplaces with 10 or more staff from March 2025 (smaller ones from March 2027); use a licensed waste carrier, and keep saleable streams such as metal offcuts apart too. Once the log works, record it in your system so scrap costs reach product costing.",
    ),
]


def forwards(apps, schema_editor):
    reword(apps, FIXES)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0012_content_revisions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
