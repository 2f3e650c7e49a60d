"""Known other names of places, as news and reports write them: data, kept in one table.

Keys are MIMU P-codes; the build script adds these to the bundled gazetteer's alt_names.
"""

from __future__ import annotations

KNOWN_ALT_NAMES: dict[str, list[str]] = {
    # states and regions (colonial names, "Region"/"Division" forms are stripped by the resolver)
    "MMR001": ["Kachin"],
    "MMR002": ["Karenni", "Kayah"],
    "MMR003": ["Karen", "Kayin", "Kawthoolei"],
    "MMR004": ["Chin"],
    "MMR005": ["Sagain", "Sagaing"],
    "MMR006": ["Tenasserim", "Taninthayi", "Tanintharyi"],
    "MMR007": ["Bago", "Pegu", "Bago East"],
    "MMR008": ["Bago", "Pegu", "Bago West"],
    "MMR009": ["Magwe", "Magway", "Magwey"],
    "MMR010": ["Mandalay"],
    "MMR011": ["Mon"],
    "MMR012": ["Arakan", "Rakhaing", "Rakhine"],
    "MMR013": ["Rangoon", "Yangon"],
    # Burmese writes the part after the state ("ရှမ်းပြည်နယ် မြောက်ပိုင်း", northern Shan State;
    # split_query joins the two): read apart, the direction was the ward Myauk Paing.
    "MMR014": [
        "Shan",
        "Southern Shan",
        "South Shan",
        "Shan South",
        "ရှမ်းပြည်နယ်တောင်ပိုင်း",
        "ရှမ်းပြည်နယ်တောင်",
        "ရှမ်းပြည်တောင်ပိုင်း",
        "ရှမ်းတောင်ပိုင်း",
    ],
    "MMR015": [
        "Shan",
        "Northern Shan",
        "North Shan",
        "Shan North",
        "ရှမ်းပြည်နယ်မြောက်ပိုင်း",
        "ရှမ်းပြည်နယ်မြောက်",
        "ရှမ်းပြည်မြောက်ပိုင်း",
        "ရှမ်းမြောက်ပိုင်း",
    ],
    "MMR016": [
        "Shan",
        "Eastern Shan",
        "East Shan",
        "Shan East",
        "ရှမ်းပြည်နယ်အရှေ့ပိုင်း",
        "ရှမ်းပြည်နယ်အရှေ့",
        "ရှမ်းပြည်အရှေ့ပိုင်း",
        "ရှမ်းအရှေ့ပိုင်း",
    ],
    "MMR017": ["Irrawaddy", "Ayeyarwaddy", "Ayeyawady", "Ayeyarwady"],
    "MMR018": ["Naypyitaw", "Naypyidaw", "Nay Pyi Taw", "Nay Pyi Daw", "Naypyitaw Union Territory"],
    # townships
    "MMR005010": ["Depayin", "Dipeyin", "Debayin", "Depeyin", "Dipayin", "Tabayin"],
    # colonial and older names a documentation officer met in reports
    "MMR009012": ["Thayetmyo", "Thayet Myo"],
    "MMR009016": ["Allanmyo", "Allan Myo", "Myede"],
    "MMR012012": ["Cheduba", "Manaung", "Man Aung"],
    "MMR012013": ["Yanbye", "Rambye"],
    "MMR005007": ["Kantbalu", "Kanbalu", "Kant Balu"],
    "MMR005011": ["Tantse", "Tant Se", "Taze"],
    "MMR005008": ["Kyaunghla", "Kyun Hla", "Kyunhla"],
    "MMR005014": ["Ayardaw", "Ayadaw", "Ayar Taw"],
    "MMR005029": ["Min Kin", "Minkin", "Mingin"],
    "MMR005005": ["Khin Oo", "Khin-U", "Khin U"],
    "MMR005009": ["Ye Oo", "Yeu", "Ye-U"],
    "MMR005016": ["Yinmabin", "Yinmarbin"],
    "MMR005027": ["Kalay", "Kalemyo", "Kale"],
    "MMR005028": ["Kalaywa", "Kalewa"],
    "MMR005006": ["Wet Let", "Wetlet"],
    "MMR005019": ["Pale"],
    "MMR005013": ["Budalin"],
    "MMR005001": ["Sagaing", "Sagain"],
    "MMR005030": ["Tamu"],
    "MMR005034": ["Homalin", "Hommalinn"],
    "MMR001001": ["Myitkyina"],
    "MMR001009": ["Hpakan", "Pha Kant", "Hpakant"],
    "MMR001010": ["Banmaw", "Bhamo"],
    "MMR001014": ["Putao", "Puta-O"],
    "MMR004002": ["Haka", "Hakha"],
    "MMR004004": ["Tiddim", "Tedim"],
    "MMR009001": ["Magwe", "Magway"],
    "MMR009018": ["Pakhokku", "Pakokku"],
    "MMR010001": ["Aung Myay Thar Zan", "Aungmyaythazan"],
    "MMR010008": ["Pyin Oo Lwin", "Pyin U Lwin", "Maymyo", "Pyinoolwin"],
    "MMR010011": ["Mogok", "Mogoke"],
    "MMR010022": ["Nyaung Oo", "Nyaung-U"],
    # Bagan is a town of Nyaung-U township: on the township, "Bagan town, Nyaung-U" was
    # the township.
    "MMR010022702": ["Bagan"],
    "MMR011001": ["Moulmein", "Mawlamyaing", "Mawlamyine"],
    "MMR011004": ["Thanbyuzayat"],
    "MMR006001": ["Tavoy", "Dawei"],
    "MMR006005": ["Mergui", "Beik", "Myeik"],
    "MMR006009": ["Victoria Point", "Kawthaung", "Kawthoung"],
    "MMR008001": ["Prome", "Pyay"],
    "MMR007001": ["Pegu", "Bago"],
    "MMR007009": ["Toungoo", "Taungoo"],
    "MMR012001": ["Akyab", "Sittway", "Sittwe"],
    "MMR012003": ["Mrauk Oo", "Myohaung", "Mrauk-U"],
    "MMR012009": ["Maungdow", "Maung Daw", "Maungdaw"],
    "MMR012015": ["Sandoway", "Thandwe"],
    "MMR012016": ["Taungup", "Toungup"],
    "MMR012011": ["Kyaukphyu", "Kyaukpyu"],
    "MMR017001": ["Bassein", "Pathein"],
    # Colonial and Shan names a user tried (2026-12-01): Henzada, Moulmeingyun (not Moulmein,
    # Mawlamyine in Mon), Amherst (the town of Kyaikkhami), Kehsi (Kyethi, as the Shan write it).
    "MMR017008": ["Henzada", "Hinthada"],
    "MMR017018": ["Moulmeingyun", "Moulmein Gyun", "Mawlamyinegyun"],
    "MMR011004702": ["Amherst", "Kyaikkami"],
    "MMR014015": ["Kehsi", "Kesi", "Kyethi"],
    "MMR003001": ["Pa-an", "Paan", "Hpa-An"],
    "MMR015001": ["Lashio"],
    "MMR015014": ["Thibaw", "Hsipaw"],
    "MMR015009": ["Mu Se", "Muse"],
    "MMR015010": ["Namkham", "Namhkam", "Namhkan"],
    "MMR015011": ["Kutkai", "Kutkhaing"],
    "MMR015022": ["Laukkai", "Laukkaing"],
    "MMR015013": ["Naungcho", "Nawnghkio"],
    "MMR014001": ["Taunggyi"],
    "MMR014011": ["Loilem", "Lai Lin", "Loilen"],
    "MMR016001": ["Kyaingtong", "Keng Tung", "Kengtung", "Kyaington", "Kyaing Tong"],
    "MMR016009": ["Tachilek", "Tachileik"],
    "MMR002001": ["Loikaw"],
    "MMR018006": ["Pyinmana"],
    "MMR013001": ["Insein"],
    "MMR013023": ["Syriam", "Thanlyin"],
    "MMR013040": ["Hlaing"],
    # Yangon's new towns as every outlet names them ("South Dagon Township", တောင်ဒဂုံ):
    # MIMU's "Dagon Myothit (South)". Read as a direction and a name, they were the old
    # downtown township Dagon; Dagon Seikkan is not Seikkan (MMR013045) either.
    # Hlaingtharya before its split into East and West: MIMU gives it no Burmese name, and
    # the Burmese of the whole was read as the East part (လှိုင်သာယာ (အရှေ့ပိုင်း)).
    "MMR013008": ["လှိုင်သာယာ"],
    "MMR013018": ["South Dagon", "South Dagon Myothit", "တောင်ဒဂုံ"],
    "MMR013019": ["North Dagon", "North Dagon Myothit", "မြောက်ဒဂုံ"],
    "MMR013020": ["East Dagon", "East Dagon Myothit", "အရှေ့ဒဂုံ"],
    "MMR013021": ["Dagon Seikkan", "Dagon Myothit Seikkan", "ဒဂုံဆိပ်ကမ်း"],
    # --- added for the 2021-2023 misses; each is a spelling in common use or a place MIMU
    # lists under another name (sources: MIMU township names, Wikipedia, news usage) ---
    # Nansang (southern Shan) is written Namsang (the air base); it is NOT Namhsan (Ta'ang).
    "MMR014013": ["Namsang", "Nam Sang", "Nansang"],
    "MMR015016": ["Namhsan", "Nam Hsan", "Namsan"],
    "MMR015012": ["Kyaukmae", "Kyaukme"],
    "MMR004007": ["Mahtupi", "Matupi"],
    "MMR002002": ["Demawso", "Dimawso", "Demoso"],
    # Pekon/Pekhon; Mobye (Moebye), a town in Pekon township that MIMU does not list as a town.
    # Mong Pai is the Shan name of Mobye.
    "MMR014010": [
        "Pekhon",
        "Phekon",
        "Mobye",
        "Moebye",
        "Moe Bye",
        "Moebya",
        "Moe Byel",
        "Mongpai",
        "Mong Pai",
    ],
    # Mawchi, the tin-mining town of Kayah, lies in Hpasawng township.
    "MMR002006": ["Hpasawng", "Pasaung", "Mawchi", "Maw Chi"],
    # Payathonzu (Three Pagodas Pass) is the border town of Kyainseikgyi township, MIMU's
    # Hpayarthonesu Town: on the township, "Payathonzu town" was the township.
    "MMR003007": ["Kyain Seikgyi"],
    "MMR003007702": [
        "Payathonzu",
        "Phayathonzu",
        "Three Pagodas Pass",
        "Three Pagoda Pass",
        "Pagodas Pass",
    ],
    # Lay Kay Kaw (the 2015 "peace town") and Kawmoora (Kaw Moo Ra, the 1990s KNU base
    # facing Wangkha) are in Myawaddy township.
    "MMR003005": [
        "Myawadi",
        "Myawaddy",
        "Lay Kay Kaw",
        "Lay Kay Kaw Myothit",
        "Lay Kaw Kaw",
        "Kawmoora",
        "Kaw Moo Ra",
        "Kawmura",
    ],
    # Mutraw is the KNU's name of Hpapun district; Dwe Lo is one of its KNU townships.
    "MMR003003": ["Papun", "Hpapun", "Mutraw", "Mu Traw", "Dwe Lo", "Dwelo"],
    "MMR004003": ["Thlantlang", "Thantlang", "Hthantlang", "Htantlang"],
    "MMR009024": ["Htilin", "Hteelin", "Htee Lin"],
    "MMR010021": ["Nganzun", "Ngazun"],
    # Mong Ko (Mongko), the border town of Muse township: MIMU's Monekoe Town (မုန်းကိုး),
    # also the bracketed name of its tract "Man Kan (Mone Koe)"; news writes Mongko / Mong Ko
    # (2016 and 2023 fighting). Not the tract Mong Koe (မိုင်းကိုး) of Tachileik.
    "MMR015009702": ["Mongko", "Mong Ko", "Mone Koe"],
    # Spellings a user's labelled strings found missing (2026-12-02): the Burmese forms of
    # Shan and Chin names (Theinni for Hseni, Momeik for Mongmit, Kyaington for Kengtung, Kun
    # Hein for Kunhing, Lechar for Laihka, Moe Nai for Mongnai: not "Moene", which keys as
    # Mon), Burmese-derived spellings (Sintgu, Gantgaw) and older ones (Belin, Tunzang); a
    # namesake village elsewhere spelt like them won. Shwe Kokko is the casino town in
    # Myawaddy that MIMU lists as a village.
    "MMR011010": ["Belin", "Bilin"],
    "MMR015002": ["Theinni", "Thein Ni", "Hsenwi", "Hseni"],
    "MMR015017": ["Momeik", "Momeit", "Mongmit"],
    "MMR010010": ["Sintgu", "Singgu", "Singu"],
    "MMR009023": ["Gantgaw", "Gangaw"],
    "MMR004005": ["Tunzang", "Tonzang"],
    "MMR014014": ["Kun Hein", "Kunhein", "Kunhing"],
    "MMR014012": ["Lechar", "Laikha", "Laihka"],
    "MMR014019": ["Moe Nai", "Mong Nai", "Mongnai"],
    "221035": ["Shwe Kokko", "Shwe Kokko Myaing", "Shwe Kokko New City"],
    # The big cities: a bare "Mandalay" or "Yangon" in a report means the city, not the region.
    "MMR013000777": ["Yangon", "Rangoon"],
    "MMR010000777": ["Mandalay"],
    "MMR018000777": ["Naypyitaw", "Naypyidaw", "Nay Pyi Daw", "Nay Pyi Taw"],
}

# Districts as they were before the splits of 2010-2022: reports, and UCDP's adm_2 (GADM's
# older districts), still write the old district ("Pakokku district" for a village of Gangaw
# district). Old district P-code -> the current MIMU districts (and self-administered zones)
# that were part of it. The resolver counts a place in one of these as inside the old one too.
FORMER_DISTRICT_PARTS: dict[str, list[str]] = {
    "MMR005D003": ["MMR005D009"],  # Monywa: Yinmarbin district (Yinmarbin, Pale, Salingyi, Kani)
    "MMR005D002": ["MMR005D010"],  # Shwebo: Kanbalu district
    "MMR005D004": ["MMR005D011"],  # Katha: Kawlin district
    "MMR009D004": ["MMR009D005"],  # Pakokku: Gangaw district (Gangaw, Saw, Tilin)
    "MMR004D002": ["MMR004D004"],  # Mindat: Matupi district (Matupi, Paletwa)
    "MMR010D004": ["MMR010D005"],  # Myingyan: Nyaung-U district
    "MMR012D001": ["MMR012D005"],  # Sittwe: Mrauk-U district
    "MMR014D001": ["MMR014S001", "MMR014S002"],  # Taunggyi: Danu and Pa-O zones (2010)
    "MMR014D002": ["MMR014D003"],  # Loilen: Langkho district
    "MMR015D001": ["MMR015D006"],  # Lashio: Hopang district
    "MMR015D003": ["MMR015S001", "MMR015D008"],  # Kyaukme: Pa Laung zone, Mongmit district
}
