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
"""
