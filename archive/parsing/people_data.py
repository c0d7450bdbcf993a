"""Well-known principals whose country readouts often leave unstated ("President Biden").

Used only when the text places a participant nowhere; "Name CC" per line, surname last.
"""

KNOWN_PEOPLE = """
Joseph R. Biden US|Joe Biden US|Biden US|Donald Trump US|Trump US|Barack Obama US|Kamala Harris US
Antony Blinken US|Antony J. Blinken US|Blinken US|Marco Rubio US|Mike Pompeo US|Rex Tillerson US
Xi Jinping CN|Li Qiang CN|Li Keqiang CN|Wang Yi CN|Qin Gang CN|Han Zheng CN
Vladimir Putin RU|Putin RU|Sergey Lavrov RU|Sergei Lavrov RU|Lavrov RU|Mikhail Mishustin RU
Rishi Sunak GB|Sunak GB|Keir Starmer GB|Starmer GB|Boris Johnson GB|Liz Truss GB|James Cleverly GB
David Cameron GB|David Lammy GB|Theresa May GB
Fumio Kishida JP|Kishida JP|Yoshimasa Hayashi JP|Hayashi Yoshimasa JP|Shigeru Ishiba JP
Yoko Kamikawa JP|Kamikawa Yoko JP|Takeshi Iwaya JP|Shinzo Abe JP|Yoshihide Suga JP
Yoon Suk Yeol KR|Yoon Suk-yeol KR|Park Jin KR|Cho Tae-yul KR|Moon Jae-in KR|Chung Eui-yong KR
Narendra Modi IN|Modi IN|Subrahmanyam Jaishankar IN|S. Jaishankar IN|Jaishankar IN
Emmanuel Macron FR|Macron FR|Catherine Colonna FR|Jean-Noel Barrot FR|Stephane Sejourne FR
Olaf Scholz DE|Scholz DE|Annalena Baerbock DE|Baerbock DE|Friedrich Merz DE|Angela Merkel DE
Giorgia Meloni IT|Meloni IT|Antonio Tajani IT|Justin Trudeau CA|Trudeau CA|Melanie Joly CA
Mélanie Joly CA|Joly CA|Anthony Albanese AU|Albanese AU|Penny Wong AU|Chris Hipkins NZ
Volodymyr Zelenskyy UA|Volodymyr Zelensky UA|Zelenskyy UA|Zelensky UA|Dmytro Kuleba UA|Kuleba UA
Andrii Sybiha UA|Recep Tayyip Erdogan TR|Erdogan TR|Mevlut Cavusoglu TR|Hakan Fidan TR
Lee Hsien Loong SG|Lawrence Wong SG|Vivian Balakrishnan SG|Anwar Ibrahim MY|Joko Widodo ID
Retno Marsudi ID|Prabowo Subianto ID|Ferdinand Marcos Jr. PH|Shehbaz Sharif PK|Imran Khan PK
Shah Mahmood Qureshi PK|Bilawal Bhutto Zardari PK|Mohammed bin Salman SA|Faisal bin Farhan SA
Luiz Inacio Lula da Silva BR|Lula BR|Cyril Ramaphosa ZA|Naledi Pandor ZA|Ursula von der Leyen EU
von der Leyen EU|Josep Borrell EU|Borrell EU|Charles Michel EU|Kaja Kallas EU|Antonio Costa EU
Pedro Sanchez ES|Pedro Sánchez ES|Mark Rutte NL|Andrzej Duda PL
Benjamin Netanyahu IL|Netanyahu IL|Mahmoud Abbas PS|Abdel Fattah al-Sisi EG|Sameh Shoukry EG
Hossein Amir-Abdollahian IR|Abbas Araghchi IR|Ebrahim Raisi IR|Mohammad Javad Zarif IR
Lula da Silva BR|Mauro Vieira BR|Celso Amorim BR|Javier Milei AR|Milei AR|Gustavo Petro CO
Gabriel Boric CL|Andrés Manuel López Obrador MX|López Obrador MX|Claudia Sheinbaum MX
Sheinbaum MX|William Ruto KE|Ruto KE|Bola Tinubu NG|Tinubu NG|Mohamed bin Zayed AE
Mohamed bin Zayed Al Nahyan AE|Abdullah bin Zayed AE|Tamim bin Hamad Al Thani QA
Isaac Herzog IL|Herzog IL|Kyriakos Mitsotakis GR|Mitsotakis GR|Donald Tusk PL|Tusk PL
Viktor Orbán HU|Viktor Orban HU|Orbán HU|Mette Frederiksen DK|Jonas Gahr Støre NO
Ulf Kristersson SE|Petteri Orpo FI|Alexander Stubb FI|Sauli Niinistö FI|Leo Varadkar IE
Simon Harris IE|Christopher Luxon NZ|Luxon NZ|Hun Manet KH|Pham Minh Chinh VN
Kassym-Jomart Tokayev KZ|Tokayev KZ|Shavkat Mirziyoyev UZ|Ilham Aliyev AZ|Nikol Pashinyan AM
Maia Sandu MD|Mark Carney CA|Carney CA|Keir Starmer GB|Yvette Cooper GB|Jean-Noël Barrot FR
Wang Wenbin CN|Choe Son Hui KP|Kim Jong Un KP|Ahmed Attaf DZ|Ayman Safadi JO|Sugiono ID
Jake Sullivan US|Kurt M. Campbell US|Kurt Campbell US|Lloyd Austin US|Winston Peters NZ
Jonathan Powell GB|Ajit Doval IN|Alexander Stubb FI|Elina Valtonen FI|Tobias Billström SE
Maria Malmer Stenergard SE|Espen Barth Eide NO|Lars Løkke Rasmussen DK|Radosław Sikorski PL
Radoslaw Sikorski PL|Sikorski PL|Annalena Baerbock DE|Johann Wadephul DE|Merz DE
Lee Jae-myung KR|Lee Jae Myung KR|Cho Hyun KR|Sanae Takaichi JP|Takaichi Sanae JP|Iwaya Takeshi JP
Masoud Pezeshkian IR|Pezeshkian IR|Dick Schoof NL|Bart De Wever BE|Luis Montenegro PT
Robert Fico SK|Aleksandar Vucic RS|Muhammad Yunus BD|Anura Kumara Dissanayake LK|To Lam VN
Bui Thanh Son VN|Daniel Noboa EC|Nayib Bukele SV|Abdullah II JO|King Abdullah JO
Ahmed al-Sharaa SY|Joseph Aoun LB|Nawaf Salam LB|Anita Anand CA|Jose Manuel Albares ES
Badr Abdelatty EG|Enrique Manalo PH|Enrique A. Manalo PH|Ma. Theresa Lazaro PH|Ronald Lamola ZA
Nasser Bourita MA|Gideon Sa'ar IL|Hakeem Jeffries US|JD Vance US|Vance US|Pete Hegseth US
Ishiba JP|Takaichi JP|Kamikawa JP|Iwaya JP|Rubio US|Lammy GB|Wadephul DE|Tajani IT|Sybiha UA|Fidan TR|Araghchi IR
Prabowo ID|Ramaphosa ZA|Abdelatty EG|Shoukry EG|Bourita MA|Safadi JO|Pashinyan AM|Aliyev AZ
Mirziyoyev UZ|Kallas EU|Albares ES|Manalo PH|Balakrishnan SG|Kristersson SE|Frederiksen DK
Maxime Prévot BE|Maxime Prevot BE|Caspar Veldkamp NL|David van Weel NL|Helen McEntee IE
Micheál Martin IE|Micheal Martin IE|Beate Meinl-Reisinger AT|Paulo Rangel PT|Xavier Bettel LU
Margus Tsahkna EE|Baiba Braže LV|Kęstutis Budrys LT|Ignazio Cassis CH|Fuad Hussein IQ
Ishaq Dar PK|Mohammad Ishaq Dar PK|Badr Albusaidi OM|Mohammed bin Abdulrahman Al Thani QA
Mohammed bin Abdulrahman Al-Thani QA|Mohammed bin Abdulrahman bin Jassim Al-Thani QA
Badr bin Hamad Al Busaidi OM|Abdullah Ali Al-Yahya KW|Gerardo Werthein AR|Alberto van Klaveren CL
Abiy Ahmed ET|Paul Kagame RW|Félix Tshisekedi CD|Abdel Fattah el-Sisi EG|Hun Sen KH
António Guterres UN|Antonio Guterres UN|Guterres UN
"""
