#!/usr/bin/env python3
"""A real OpenLDAP server (Debian's slapd) for the directory tests, in a folder of its own.

    slapd_server.py FOLDER

Makes a test certificate authority and a server certificate signed by it (openssl), a second CA
that signed nothing, a slapd.conf with the mdb backend, TLS and the memberof overlay, starts
slapd on two free ports of 127.0.0.1 (ldap:// for StartTLS, ldaps://), adds the people, the service
account and the groups with ldapadd, then prints one JSON line:

    {"ldap": "ldap://127.0.0.1:N", "ldaps": "ldaps://127.0.0.1:M", "ca": PATH, "other_ca": PATH,
     "base": DN, "root_dn": DN, "root_password": TEXT, "service_dn": DN, "service_password": TEXT}

and runs until its standard input closes, when it stops slapd, waits for it and removes FOLDER. The users'
passwords are hashed by slappasswd; each user's password is "<uid>-Passw0rd!"."""
import json
import shutil
import os
import signal
import socket
import subprocess
import sys
import time

BASE = "dc=iec,dc=example,dc=jo"
ROOT_DN = "cn=admin," + BASE
ROOT_PASSWORD = "root-secret-for-tests"
SERVICE_DN = "cn=eqms-service,ou=services," + BASE
SERVICE_PASSWORD = "service-secret-for-tests"
# uid, name, groupOfNames it is a member of, posixGroup it is a memberUid of
PEOPLE = [
    ("amal", "Amal Haddad", ["quality"], ["tc"]),
    ("omar", "Omar Khalil", [], ["tc"]),
    ("sara", "Sara Nasser", ["staff"], []),
    ("dora", "Dora Mansour", ["quality"], []),
    ("admin", "Directory Admin Person", ["staff"], []),
    # The web's sign-in test signs these two in through the login form, and deletes rami.
    ("hana", "Hana Saleh", ["quality"], []),
    ("rami", "Rami Odeh", ["staff"], []),
]


def run(*arguments, **options):
    return subprocess.run(list(arguments), check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **options)


def make_certificates(folder):
    """A test CA and a server certificate for localhost and 127.0.0.1 signed by it, and a second CA."""
    paths = {name: os.path.join(folder, name) for name in
             ("ca.key", "ca.pem", "other-ca.key", "other-ca.pem", "server.key", "server.csr", "server.pem",
              "server.ext")}
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("openssl", "req", "-x509", *ec, "-keyout", paths["ca.key"], "-out", paths["ca.pem"], "-days", "2",
        "-subj", "/CN=ElectoralQMS test directory CA")
    run("openssl", "req", "-x509", *ec, "-keyout", paths["other-ca.key"], "-out", paths["other-ca.pem"],
        "-days", "2", "-subj", "/CN=Some other CA")
    run("openssl", "req", *ec, "-keyout", paths["server.key"], "-out", paths["server.csr"], "-subj", "/CN=localhost")
    with open(paths["server.ext"], "w") as handle:
        handle.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run("openssl", "x509", "-req", "-in", paths["server.csr"], "-CA", paths["ca.pem"], "-CAkey", paths["ca.key"],
        "-CAcreateserial", "-out", paths["server.pem"], "-days", "2", "-extfile", paths["server.ext"])
    # slapd may run as another user than the one who made the key.
    os.chmod(paths["server.key"], 0o644)
    return paths


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hashed(password):
    return run("slappasswd", "-s", password).stdout.strip()


# Active Directory's sign-in attributes under their Microsoft OIDs, and an auxiliary class (under
# the enterprise number RFC 5612 reserves for documentation) that lets an inetOrgPerson carry them, so that sign-in by
# sAMAccountName and userPrincipalName runs against a real server too.
AD_SCHEMA = """
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
    EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
    SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{256} SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName'
    EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
    SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{256} SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.32473.54001.1 NAME 'eqmsTestADAccount' SUP top AUXILIARY
    MAY ( sAMAccountName $ userPrincipalName ) )
"""


def configuration(folder, paths):
    schema = "/etc/ldap/schema"
    return f"""
include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/nis.schema
include {schema}/inetorgperson.schema
include {folder}/ad.schema
pidfile {folder}/slapd.pid
argsfile {folder}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
TLSCACertificateFile {paths["ca.pem"]}
TLSCertificateFile {paths["server.pem"]}
TLSCertificateKeyFile {paths["server.key"]}

database mdb
maxsize 16777216
suffix "{BASE}"
rootdn "{ROOT_DN}"
rootpw {hashed(ROOT_PASSWORD)}
directory {folder}/data
overlay memberof

access to attrs=userPassword
    by anonymous auth
    by * none
access to *
    by dn.exact="{SERVICE_DN}" read
    by self read
    by * none
"""


def ldif():
    entries = [f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: iec\no: IEC test\n"]
    for unit in ("people", "groups", "services"):
        entries.append(f"dn: ou={unit},{BASE}\nobjectClass: organizationalUnit\nou: {unit}\n")
    entries.append(f"dn: {SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
                   f"cn: eqms-service\nuserPassword: {hashed(SERVICE_PASSWORD)}\n")
    for uid, name, _, _ in PEOPLE:
        given, family = name.split(" ", 1)
        # As Active Directory would have them: "HHaddad" and "amal@iec.example.jo".
        entries.append(f"dn: uid={uid},ou=people,{BASE}\nobjectClass: inetOrgPerson\n"
                       f"objectClass: eqmsTestADAccount\nuid: {uid}\ncn: {name}\n"
                       f"sn: {family}\ngivenName: {given}\nmail: {uid}@iec.example.jo\n"
                       f"sAMAccountName: {given[0]}{family.replace(' ', '')}\n"
                       f"userPrincipalName: {uid}@iec.example.jo\n"
                       f"userPassword: {hashed(uid + '-Passw0rd!')}\n")
    for group in ("quality", "staff"):
        members = [f"uid={uid},ou=people,{BASE}" for uid, _, names, _ in PEOPLE if group in names]
        entries.append(f"dn: cn={group},ou=groups,{BASE}\nobjectClass: groupOfNames\ncn: {group}\n"
                       + "".join(f"member: {member}\n" for member in members))
    uids = [uid for uid, _, _, posix in PEOPLE if "tc" in posix]
    entries.append(f"dn: cn=tc,ou=groups,{BASE}\nobjectClass: posixGroup\ncn: tc\ngidNumber: 5001\n"
                   + "".join(f"memberUid: {uid}\n" for uid in uids))
    return "\n".join(entries)


def wait_for(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("slapd ended before it was ready")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("slapd did not listen in time")


def main():
    folder = os.path.abspath(sys.argv[1])
    os.makedirs(os.path.join(folder, "data"), exist_ok=True)
    paths = make_certificates(folder)
    with open(os.path.join(folder, "ad.schema"), "w") as handle:
        handle.write(AD_SCHEMA)
    conf = os.path.join(folder, "slapd.conf")
    with open(conf, "w") as handle:
        handle.write(configuration(folder, paths))
    ldap_port, ldaps_port = free_port(), free_port()
    ldap, ldaps = f"ldap://127.0.0.1:{ldap_port}", f"ldaps://127.0.0.1:{ldaps_port}"
    log = open(os.path.join(folder, "slapd.log"), "w")
    # -d 0 keeps slapd in the foreground, so that it is this script's child and stops with it.
    slapd = subprocess.Popen(["/usr/sbin/slapd", "-f", conf, "-h", f"{ldap}/ {ldaps}/", "-d", "0"],
                             stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    try:
        wait_for(ldap_port, slapd)
        wait_for(ldaps_port, slapd)
        # Added through the server, not slapadd, so that the memberof overlay writes memberOf.
        run("ldapadd", "-x", "-H", ldap, "-D", ROOT_DN, "-w", ROOT_PASSWORD, input=ldif())
        print(json.dumps({"ldap": ldap, "ldaps": ldaps, "ca": paths["ca.pem"], "other_ca": paths["other-ca.pem"],
                          "base": BASE, "root_dn": ROOT_DN, "root_password": ROOT_PASSWORD,
                          "service_dn": SERVICE_DN, "service_password": SERVICE_PASSWORD}), flush=True)
        sys.stdin.read()
    finally:
        slapd.send_signal(signal.SIGINT)
        try:
            slapd.wait(timeout=20)
        except subprocess.TimeoutExpired:
            slapd.kill()
            slapd.wait()
        # The suite's shared server outlives every Swift value that would remove the folder.
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
