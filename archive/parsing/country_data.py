"""Hand-written country data: common names, aliases, demonyms and cities.

Kept as compact text tables (one country or city per line) so adding a row is adding a line.
pycountry supplies the ISO list; these tables supply what readouts actually write.
"""

from __future__ import annotations

from typing import Final

# Parties to talks that ISO 3166-1 does not list, with their names: the European Union, and
# Kosovo under the code the EU and the IMF give it.
BEYOND_ISO: Final = (("EU", "European Union"), ("XK", "Kosovo"))
# Parties known only by their officers' offices, under the code ISO 3166-1 reserves for them:
# the United Nations ("UN Secretary-General", participants.py). Their names are no country
# mention: "at the United Nations", "the UN Security Council", "the UN Charter" and "the margins
# of the UN General Assembly" make no party, host or place.
BY_OFFICE: Final = (("UN", "United Nations"),)

# Name readouts use for a country where pycountry's name is inverted or formal.
COMMON_NAMES: Final = """
BO Bolivia
BN Brunei
CD Democratic Republic of the Congo
CG Republic of the Congo
CZ Czech Republic
FM Micronesia
IR Iran
KP North Korea
KR South Korea
LA Laos
MD Moldova
PS Palestine
RU Russia
SY Syria
TW Taiwan
TZ Tanzania
VA Holy See
VE Venezuela
VN Vietnam
VG British Virgin Islands
VI U.S. Virgin Islands
"""

# Other names, abbreviations and older names, comma-separated.
ALIASES: Final = """
AE UAE, U.A.E., Emirates
AU Commonwealth of Australia
BS Commonwealth of The Bahamas
DM Commonwealth of Dominica
BA Bosnia, Bosnia-Herzegovina
BN Brunei Darussalam
CD DRC, DR Congo, Congo-Kinshasa
CG Congo-Brazzaville
CI Ivory Coast, Cote d'Ivoire
CN PRC, People's Republic of China, Mainland China
CV Cape Verde
CZ Czechia
DE Federal Republic of Germany
EU EU, E.U.
GB UK, U.K., Britain, Great Britain, United Kingdom of Great Britain and Northern Ireland
GB Northern Ireland
IR Islamic Republic of Iran
KP DPRK, D.P.R.K., Democratic People's Republic of Korea
KR ROK, R.O.K., Republic of Korea, Korea
LA Lao PDR, Lao People's Democratic Republic
MK Macedonia, Republic of North Macedonia
MM Burma, Republic of the Union of Myanmar
MO Macau
NL Holland, the Netherlands
PS State of Palestine
RU Russian Federation
SA KSA, Kingdom of Saudi Arabia
ST São Tomé and Príncipe
SZ Swaziland
SY Syrian Arab Republic
TL East Timor, Timor Leste
TR Turkey, Turkiye, Republic of Türkiye, Republic of Turkiye, Republic of Turkey
TW Chinese Taipei
US U.S., US, USA, U.S.A., America, United States of America
VA Vatican, Vatican City
VN Viet Nam, Socialist Republic of Viet Nam, Socialist Republic of Vietnam
XK Republic of Kosovo
"""

# Demonyms (adjectives) as readouts use them before roles: "Pakistani Foreign Minister".
DEMONYMS: Final = """
AF Afghan, Afghanistan's
AL Albanian
DZ Algerian
AD Andorran
AO Angolan
AG Antiguan
AR Argentine, Argentinian
AM Armenian
AU Australian
AT Austrian
AZ Azerbaijani
BS Bahamian
BH Bahraini
BD Bangladeshi
BB Barbadian
BY Belarusian
BE Belgian
BZ Belizean
BJ Beninese
BT Bhutanese
BO Bolivian
BA Bosnian
BW Botswanan, Motswana
BR Brazilian
BN Bruneian
BG Bulgarian
BF Burkinabe
BI Burundian
KH Cambodian
CM Cameroonian
CA Canadian
CV Cape Verdean, Cabo Verdean
CF Central African
TD Chadian
CL Chilean
CN Chinese
CO Colombian
KM Comorian
CG Congolese
CR Costa Rican
CI Ivorian
HR Croatian
CU Cuban
CY Cypriot
CZ Czech
DK Danish
DJ Djiboutian
DM Dominican
DO Dominican Republic's
EC Ecuadorian
EG Egyptian
SV Salvadoran
GQ Equatorial Guinean
ER Eritrean
EE Estonian
SZ Swazi, Eswatini's
ET Ethiopian
EU European, EU's
FJ Fijian
FI Finnish
FR French
GA Gabonese
GM Gambian
GE Georgian
DE German
GH Ghanaian
GR Greek
GD Grenadian
GT Guatemalan
GN Guinean
GW Bissau-Guinean
GY Guyanese
HT Haitian
HN Honduran
HU Hungarian
IS Icelandic
IN Indian
ID Indonesian
IR Iranian
IQ Iraqi
IE Irish
IL Israeli
IT Italian
JM Jamaican
JP Japanese
JO Jordanian
KZ Kazakh, Kazakhstani
KE Kenyan
KI I-Kiribati
XK Kosovar, Kosovan
KP North Korean, DPRK's
KR South Korean, Korean, ROK's
KW Kuwaiti
KG Kyrgyz
LA Lao, Laotian
LV Latvian
LB Lebanese
LS Basotho
LR Liberian
LY Libyan
LI Liechtensteiner
LT Lithuanian
LU Luxembourgish
MG Malagasy
MW Malawian
MY Malaysian
MV Maldivian
ML Malian
MT Maltese
MH Marshallese
MR Mauritanian
MU Mauritian
MX Mexican
FM Micronesian
MD Moldovan
MC Monegasque
MN Mongolian
ME Montenegrin
MA Moroccan
MZ Mozambican
MM Myanmar's, Burmese
NA Namibian
NR Nauruan
NP Nepali, Nepalese
NL Dutch
NZ New Zealand's
NI Nicaraguan
NE Nigerien
NG Nigerian
MK North Macedonian, Macedonian
NO Norwegian
OM Omani
PK Pakistani
PW Palauan
PS Palestinian
PA Panamanian
PG Papua New Guinean
PY Paraguayan
PE Peruvian
PH Philippine, Filipino
PL Polish
PT Portuguese
QA Qatari
RO Romanian
RU Russian
RW Rwandan
KN Kittitian
LC Saint Lucian
VC Vincentian
WS Samoan
SM Sammarinese
ST Santomean
SA Saudi, Saudi Arabian
SN Senegalese
RS Serbian
SC Seychellois
SL Sierra Leonean
SG Singaporean, Singapore's
SK Slovak
SI Slovenian, Slovene
SB Solomon Islander
SO Somali
ZA South African
SS South Sudanese
ES Spanish
LK Sri Lankan
SD Sudanese
SR Surinamese
SE Swedish
CH Swiss
SY Syrian
TW Taiwanese
TJ Tajik, Tajikistani
TZ Tanzanian
TH Thai
TL Timorese
TG Togolese
TO Tongan
TT Trinidadian
TN Tunisian
TR Turkish, Turkiye's, Türkiye's
TM Turkmen
TV Tuvaluan
UG Ugandan
UA Ukrainian
AE Emirati
GB British
US American
UY Uruguayan
UZ Uzbek, Uzbekistani
VU Vanuatuan
VA Vatican
VE Venezuelan
VN Vietnamese
YE Yemeni
ZM Zambian
ZW Zimbabwean
"""

# National capitals and cities where talks are commonly held; "City CC" per line.
CITIES: Final = """
Nancy FR|Toulouse FR|Lille FR|Cologne DE|Porto PT|Kabul AF|Tirana AL|Algiers DZ|Andorra la Vella AD|Luanda AO|St. John's AG|Buenos Aires AR
Yerevan AM|Canberra AU|Sydney AU|Melbourne AU|Perth AU|Vienna AT|Baku AZ|Nassau BS|Manama BH
Dhaka BD|Bridgetown BB|Minsk BY|Brussels BE|Belmopan BZ|Porto-Novo BJ|Cotonou BJ|Thimphu BT
La Paz BO|Sucre BO|Sarajevo BA|Gaborone BW|Brasilia BR|Brasília BR|Rio de Janeiro BR
Sao Paulo BR|São Paulo BR|Bandar Seri Begawan BN|Sofia BG|Ouagadougou BF|Gitega BI|Bujumbura BI
Phnom Penh KH|Siem Reap KH|Yaounde CM|Yaoundé CM|Ottawa CA|Toronto CA|Montreal CA|Vancouver CA
Quebec City CA|Praia CV|Bangui CF|N'Djamena TD|Santiago CL|Beijing CN|Shanghai CN|Xi'an CN
Guangzhou CN|Shenzhen CN|Hangzhou CN|Chengdu CN|Xiamen CN|Tianjin CN|Nanjing CN|Qingdao CN
Wuhan CN|Kunming CN|Urumqi CN|Lhasa CN|Chongqing CN|Suzhou CN|Dalian CN|Changsha CN|Sanya CN
Bogota CO|Bogotá CO|Moroni KM|Kinshasa CD|Brazzaville CG|San Jose CR|San José CR
Yamoussoukro CI|Abidjan CI|Zagreb HR|Havana CU|Nicosia CY|Prague CZ|Copenhagen DK|Djibouti DJ
Roseau DM|Santo Domingo DO|Quito EC|Cairo EG|Sharm El-Sheikh EG|Sharm el-Sheikh EG|San Salvador SV
Malabo GQ|Asmara ER|Tallinn EE|Mbabane SZ|Addis Ababa ET|Suva FJ|Helsinki FI|Paris FR
Strasbourg FR|Marseille FR|Nice FR|Libreville GA|Banjul GM|Tbilisi GE|Berlin DE|Munich DE
Bonn DE|Hamburg DE|Frankfurt DE|Accra GH|Athens GR|St. George's GD|Guatemala City GT|Conakry GN
Bissau GW|Georgetown GY|Port-au-Prince HT|Tegucigalpa HN|Budapest HU|Reykjavik IS|Reykjavík IS
New Delhi IN|Delhi IN|Mumbai IN|Bengaluru IN|Bangalore IN|Kolkata IN|Chennai IN|Hyderabad IN
Goa IN|Jakarta ID|Bali ID|Nusa Dua ID|Tehran IR|Baghdad IQ|Erbil IQ|Dublin IE|Tel Aviv IL
Jerusalem IL|Rome IT|Milan IT|Florence IT|Kingston JM|Tokyo JP|Osaka JP|Kyoto JP|Hiroshima JP
Nagoya JP|Yokohama JP|Sapporo JP|Fukuoka JP|Amman JO|Astana KZ|Nur-Sultan KZ|Almaty KZ
Nairobi KE|Tarawa KI|Pyongyang KP|Seoul KR|Busan KR|Incheon KR|Jeju KR|Kuwait City KW
Bishkek KG|Vientiane LA|Riga LV|Beirut LB|Maseru LS|Monrovia LR|Tripoli LY|Vaduz LI
Vilnius LT|Luxembourg LU|Antananarivo MG|Lilongwe MW|Kuala Lumpur MY|Putrajaya MY|Male MV
Malé MV|Bamako ML|Valletta MT|Majuro MH|Nouakchott MR|Port Louis MU|Mexico City MX|Palikir FM
Chisinau MD|Chișinău MD|Chişinău MD|Monaco MC|Ulaanbaatar MN|Ulan Bator MN|Podgorica ME|Rabat MA
Marrakech MA|Maputo MZ|Naypyidaw MM|Nay Pyi Taw MM|Yangon MM|Windhoek NA|Yaren NR|Kathmandu NP
Amsterdam NL|The Hague NL|Wellington NZ|Auckland NZ|Managua NI|Niamey NE|Abuja NG|Lagos NG
Skopje MK|Oslo NO|Muscat OM|Islamabad PK|Lahore PK|Karachi PK|Ngerulmud PW|Ramallah PS
Panama City PA|Port Moresby PG|Asuncion PY|Asunción PY|Lima PE|Manila PH|Warsaw PL|Lisbon PT
Doha QA|Bucharest RO|Moscow RU|St. Petersburg RU|Saint Petersburg RU|Sochi RU|Kazan RU
Vladivostok RU|Kigali RW|Basseterre KN|Castries LC|Kingstown VC|Apia WS|San Marino SM
Sao Tome ST|São Tomé ST|Riyadh SA|Jeddah SA|Dakar SN|Belgrade RS|Victoria SC|Freetown SL
Singapore SG|Bratislava SK|Ljubljana SI|Honiara SB|Mogadishu SO|Pretoria ZA|Cape Town ZA
Johannesburg ZA|Durban ZA|Juba SS|Madrid ES|Barcelona ES|Colombo LK|Khartoum SD|Paramaribo SR
Stockholm SE|Bern CH|Geneva CH|Zurich CH|Davos CH|Lausanne CH|Damascus SY|Taipei TW
Dushanbe TJ|Dodoma TZ|Dar es Salaam TZ|Bangkok TH|Dili TL|Lome TG|Lomé TG|Nuku'alofa TO
Port of Spain TT|Tunis TN|Ankara TR|Istanbul TR|Antalya TR|Ashgabat TM|Funafuti TV|Kampala UG
Kyiv UA|Kiev UA|Odesa UA|Lviv UA|Abu Dhabi AE|Dubai AE|London GB|Edinburgh GB|Belfast GB
Cardiff GB|Cornwall GB|Washington US|Washington, D.C. US|Washington, DC US|New York US
New York City US|San Francisco US|Los Angeles US|Honolulu US|Camp David US|Chicago US
Montevideo UY|Tashkent UZ|Samarkand UZ|Port Vila VU|Vatican City VA|Caracas VE|Hanoi VN
Ho Chi Minh City VN|Da Nang VN|Sanaa YE|Sana'a YE|Aden YE|Lusaka ZM|Harare ZW|Hong Kong HK
Macao MO|Macau MO|Chequers GB
Windsor GB|Glasgow GB|Manchester GB|Bletchley Park GB|Hillsborough GB|Carbis Bay GB|Halifax CA
Charlevoix CA|Kananaskis CA|Whistler CA|AlUla SA|Al Ula SA|Neom SA|NEOM SA|Dhahran SA|Aqaba JO
Dead Sea JO|Karuizawa JP|Ise-Shima JP|Nikko JP|Naha JP|Okinawa JP|Gyeongju KR|Gandhinagar IN
Ahmedabad IN|Varanasi IN|Agra IN|Jaipur IN|Kochi IN|Labuan Bajo ID|Surabaya ID|Cebu PH
Langkawi MY|Penang MY|Johor Bahru MY|Kota Kinabalu MY|Elmau DE|Schloss Elmau DE|Dresden DE
Biarritz FR|Lyon FR|Bordeaux FR|Borgo Egnazia IT|Apulia IT|Naples IT|Venice IT|Taormina IT
Granada ES|Seville ES|Salzburg AT|Bruges BE|Antwerp BE|Rotterdam NL|Gdansk PL|Krakow PL
Kraków PL|Rzeszow PL|Rzeszów PL|Gdańsk PL|Lodz PL|Łódź PL|Wroclaw PL|Wrocław PL|Poznan PL|Poznań PL
Brno CZ|Ostrava CZ|Košice SK|Tromsø NO|Tromso NO|Bergen NO|Trondheim NO|Bodø NO|Gothenburg SE
Malmö SE|Malmo SE|Aarhus DK|Turku FI|Tampere FI|Arusha TZ|Zanzibar TZ
Marrakesh MA|Casablanca MA|Oran DZ|Sfax TN|Pokhara NP|Chittagong BD|Chattogram BD|Thessaloniki GR|Izmir TR|Bodrum TR|Batumi GE
Sea Island US|Woodside US|Sunnylands US|Rancho Mirage US|Boston US|Houston US
Miami US|Seattle US|Atlanta US|Denver US|Philadelphia US|Palm Beach US
Anchorage US|Bogor ID|Hue VN|Haiphong VN|Luang Prabang LA|Mandalay MM|Chiang Mai TH
Pattaya TH|Phuket TH|St Petersburg RU|Novosibirsk RU|Yekaterinburg RU
Valdai RU|Kaliningrad RU|Sharm El Sheikh EG|Alexandria EG|El Alamein EG
Boao CN|Haikou CN|Xi’an CN|Harbin CN|Zhengzhou CN|Hefei CN
Lanzhou CN|Fuzhou CN|Ningbo CN|Wuxi CN|Nanning CN|Guilin CN|Kashgar CN
Nizhny Novgorod RU|Murmansk RU|Ufa RU|Kharkiv UA|Mombasa KE|Kisumu KE|Brisbane AU|Darwin AU
Adelaide AU|Calgary CA|Cartagena CO|Guadalajara MX|Monterrey MX|Cancun MX|Cancún MX
Punta del Este UY|Danang VN|Ha Long VN|Halong VN|Yogyakarta ID|Kandy LK|Bled SI|Kuching MY
Chevening GB|Busan KR|Incheon KR|Jeju KR|Hiroshima JP|Nagasaki JP|Fukuoka JP|Sapporo JP|Kobe JP|Nagoya JP
Pristina XK|Prishtina XK|Pasay City PH|Pasay PH|Makati PH|Makati City PH|Quezon City PH|Tangier MA
"""

# States, provinces and regions printed after a town ("Woodside, California"): region -> country.
REGIONS: Final = """
Alabama US|Alaska US|Arizona US|Arkansas US|California US|Colorado US|Connecticut US|Delaware US
Florida US|Georgia US|Hawaii US|Idaho US|Illinois US|Indiana US|Iowa US|Kansas US|Kentucky US
Louisiana US|Maine US|Maryland US|Massachusetts US|Michigan US|Minnesota US|Mississippi US
Missouri US|Montana US|Nebraska US|Nevada US|New Hampshire US|New Jersey US|New Mexico US
New York US|North Carolina US|North Dakota US|Ohio US|Oklahoma US|Oregon US|Pennsylvania US
Rhode Island US|South Carolina US|South Dakota US|Tennessee US|Texas US|Utah US|Vermont US
Virginia US|Washington US|West Virginia US|Wisconsin US|Wyoming US|Ontario CA|Quebec CA|Québec CA
British Columbia CA|Alberta CA|Manitoba CA|Saskatchewan CA|Nova Scotia CA|New Brunswick CA
Newfoundland and Labrador CA|Prince Edward Island CA|New South Wales AU|Victoria AU|Queensland AU
Western Australia AU|South Australia AU|Tasmania AU|England GB|Scotland GB|Wales GB
Northern Ireland GB|Bavaria DE|Hokkaido JP|Okinawa JP|Nagano JP|Hainan CN|Xinjiang CN|Tibet CN
Yunnan CN|Guangdong CN|Sichuan CN|Crimea UA|Kashmir IN|Punjab IN|Gujarat IN|Kerala IN|Sabah MY
Sarawak MY|Johor MY
"""

# Buildings readouts name instead of a city: "at the Great Hall of the People".
LANDMARKS: Final = """
Great Hall of the People|Beijing|Diaoyutai State Guesthouse|Beijing|Diaoyutai|Beijing
Zhongnanhai|Beijing|White House|Washington|State Department|Washington|Department of State|Washington|Camp David|Camp David
Kremlin|Moscow|Downing Street|London|Lancaster House|London|Chequers|Chequers
Elysee Palace|Paris|Élysée Palace|Paris|Elysee|Paris|Élysée|Paris|Kantei|Tokyo
Iikura Guest House|Tokyo|Akasaka Palace|Tokyo|Blue House|Seoul|Yongsan|Seoul
Hyderabad House|New Delhi|Rashtrapati Bhavan|New Delhi|South Block|New Delhi|Istana|Singapore
Berlaymont|Brussels|Chancellery|Berlin|Federal Chancellery|Berlin|Pentagon|Washington|Singha Durbar|Kathmandu|Palazzo Chigi|Rome|Quai d'Orsay|Paris|Quai d’Orsay|Paris
Sansad Bhavan|New Delhi|Parliament Hill|Ottawa|Rideau Hall|Ottawa
UN General Assembly|New York|United Nations General Assembly|New York|UNGA|New York
UN Headquarters|New York|United Nations Headquarters|New York|Shangri-La Dialogue|Singapore
Raisina Dialogue|New Delhi|World Economic Forum|Davos|Palais des Nations|Geneva
King Charles Street|London|Foreign Office|London|Chevening|Chevening|Hofburg|Vienna
ASEAN Secretariat|Jakarta|Vatican Apostolic Palace|Vatican City|Torre Tagle|Lima
Federal Foreign Office|Berlin|Bellevue Palace|Berlin|Schloss Bellevue|Berlin|Moncloa Palace|Madrid|Quirinale|Rome
Farnesina|Rome|Itamaraty|Brasília|Casa Rosada|Buenos Aires|Los Pinos|Mexico City
San Martín Palace|Buenos Aires|San Martin Palace|Buenos Aires|Palacio San Martín|Buenos Aires
San Carlos Palace|Bogotá|Palacio de San Carlos|Bogotá
La Moneda|Santiago|Moneda Palace|Santiago|Palacio de La Moneda|Santiago
Casa de Nariño|Bogotá|Nariño Palace|Bogotá|Palacio de Nariño|Bogotá
Carondelet Palace|Quito|Palacio de Carondelet|Quito|Miraflores Palace|Caracas|Palacio de Miraflores|Caracas
Palácio Itamaraty|Brasília|Alvorada Palace|Brasília|Palácio da Alvorada|Brasília
La Moncloa|Madrid|Moncloa|Madrid|Palacio de la Moncloa|Madrid|Palacio de Santa Cruz|Madrid|Palacio de Viana|Madrid
Hôtel de Matignon|Paris|Matignon|Paris|Chigi Palace|Rome|Quirinal Palace|Rome|Villa Madama|Rome
Jawaharlal Nehru Bhawan|New Delhi|Sushma Swaraj Bhawan|New Delhi|Cheong Wa Dae|Seoul
Old Treasury Building|Nairobi|Wisma Putra|Putrajaya|Perdana Putra|Putrajaya|Gedung Pancasila|Jakarta|Merdeka Palace|Jakarta
Saranrom Palace|Bangkok|Akorda|Astana|Ak Orda|Astana
Smolensk Square|Moscow|General Assembly|New York|African Union Headquarters|Addis Ababa
AU Headquarters|Addis Ababa|African Union Commission|Addis Ababa|NATO Headquarters|Brussels
Mar-a-Lago|Palm Beach|Vatican|Vatican City|Apostolic Palace|Vatican City|Oval Office|Washington|Roosevelt Room|Washington|Planalto Palace|Brasília|Palácio do Planalto|Brasília|Union Buildings|Pretoria
"""

# Offices every government has, named without a city ("at the Prime Minister's Office"): the
# city is the seat of the country the meeting took place in. "Office|CC|City" per line.
SEATS: Final = """
Prime Minister's Office|JP|Tokyo
Prime Minister's Official Residence|JP|Tokyo
Prime Minister's Office|IN|New Delhi
Prime Minister's Office|GB|London
Prime Minister's Office|PK|Islamabad
Prime Minister's Office|IL|Jerusalem
Prime Minister's Office|MY|Putrajaya
Prime Minister's Office|SG|Singapore
Prime Minister's Office|TH|Bangkok
Prime Minister's Office|VN|Hanoi
Presidential Office|KR|Seoul
Presidential Office|TW|Taipei
Presidential Palace|VN|Hanoi
Presidential Palace|PH|Manila
Malacañang Palace|PH|Manila
National Palace|MX|Mexico City
Palacio Nacional|MX|Mexico City
National Palace|GT|Guatemala City
Palacio Nacional|GT|Guatemala City
National Palace|DO|Santo Domingo
Palacio Nacional|DO|Santo Domingo
Federal Chancellery|DE|Berlin
Federal Chancellery|AT|Vienna
Federal Chancellery|CH|Bern
Ministry of Foreign Affairs|SG|Singapore
Ministry of Foreign Affairs|JP|Tokyo
Ministry of Foreign Affairs|KR|Seoul
Ministry of Foreign Affairs|CN|Beijing
Ministry of Foreign Affairs|RU|Moscow
Ministry of Foreign Affairs|ID|Jakarta
Ministry of Foreign Affairs|VN|Hanoi
Ministry of Foreign Affairs|TH|Bangkok
Ministry of Foreign Affairs|EG|Cairo
Ministry of External Affairs|IN|New Delhi
"""
