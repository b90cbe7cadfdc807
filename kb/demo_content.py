# ruff: noqa: E501
"""Demo content for the knowledge base: categories, sections and articles (pt-BR, some with English).

Data only. Article bodies are Markdown; each category or section is referenced by its slug.
"""

CATEGORIES = [
    {
        "slug": "area-do-cliente",
        "name": "Área do cliente",
        "description": "Como acessar a sua conta, abrir e acompanhar chamados, projetos e ideias na área do cliente.",
        "icon": "person-circle",
        "sections": [],
    },
    {
        "slug": "erp-fiscal",
        "name": "ERP Fiscal",
        "description": (
            "Emissão de notas fiscais eletrônicas, eventos da SEFAZ e configurações tributárias "
            "do ERP Fiscal."
        ),
        "icon": "receipt",
        "sections": [
            {
                "slug": "nota-fiscal-eletronica-nfe",
                "name": "Nota fiscal eletrônica (NF-e)",
                "description": "Emissão, cancelamento, correção e rejeições de notas fiscais eletrônicas.",
            },
            {
                "slug": "configuracoes-fiscais",
                "name": "Configurações fiscais",
                "description": "Certificado digital, regras de tributação, CFOP e demais parâmetros fiscais.",
            },
        ],
    },
    {
        "slug": "financeiro",
        "name": "Financeiro",
        "description": (
            "Contas a receber, boletos, cobrança, conciliação bancária e relatórios gerenciais "
            "do módulo Financeiro."
        ),
        "icon": "cash-coin",
        "sections": [
            {
                "slug": "contas-a-receber",
                "name": "Contas a receber",
                "description": "Títulos, boletos, baixas e cobrança de clientes.",
            },
            {
                "slug": "conciliacao-bancaria",
                "name": "Conciliação bancária",
                "description": "Importação de extratos e conferência dos lançamentos com o banco.",
            },
            {
                "slug": "relatorios-financeiros",
                "name": "Relatórios financeiros",
                "description": "DRE, fluxo de caixa e outros relatórios para acompanhar os resultados.",
            },
        ],
    },
    {
        "slug": "vendas",
        "name": "Vendas",
        "description": (
            "Orçamentos, pedidos de venda, tabelas de preço, comissões e devoluções do módulo Vendas."
        ),
        "icon": "cart3",
        "sections": [
            {
                "slug": "pedidos",
                "name": "Pedidos",
                "description": "Orçamentos, pedidos de venda, faturamento e devoluções.",
            },
            {
                "slug": "tabelas-de-preco",
                "name": "Tabelas de preço",
                "description": "Preços por cliente, por região e reajustes de tabelas.",
            },
            {
                "slug": "comissoes",
                "name": "Comissões",
                "description": "Cadastro de vendedores, regras de comissão e fechamento mensal.",
            },
        ],
    },
]

ARTICLES = [
    # ------------------------------------------------------------------ Área do cliente (seed)
    {
        "slug": "conhecendo-a-area-do-cliente",
        "category": "area-do-cliente",
        "title": "Conhecendo a área do cliente",
        "summary": (
            "É através da área do cliente que você registra e acompanha seus chamados, acompanha "
            "os projetos, vota nas ideias e gerencia seus dados cadastrais."
        ),
        "tags": ["área do cliente", "primeiro acesso"],
        "visibility": "public",
        "body": """\
É através da área do cliente onde você poderá registrar e acompanhar seus chamados, acompanhar o andamento dos projetos, participar das votações das ideias e gerenciar seus dados cadastrais.

Neste artigo, você vai conhecer a área do cliente e aprender como utilizar as principais funcionalidades.

## Acessar a minha conta

Para acessar a área do cliente, utilize o endereço **suporte.cimsw.com.br**.

O endereço acima irá acessar a base de conhecimento, que contém artigos e tutoriais sobre os sistemas da CIM Soluções Web. E, é através da base de conhecimento que você irá acessar a área do cliente.

O acesso à área do cliente é restrito, ou seja, será necessário utilizar um usuário e senha. Para acessar, clique em **Acessar a minha conta**, informe seu usuário ou e-mail e a sua senha.

**Dica:** Informe o e-mail que você utiliza para conversar com nossa equipe de suporte.

Caso seja seu primeiro acesso na área do cliente, sua senha ainda não está cadastrada. Para habilitar seu cadastro, clique em **Esqueci minha senha**.

Informe seu e-mail e clique em **Enviar nova senha**. Você irá receber um e-mail com o link de cadastro da nova senha. Siga os passos do e-mail enviado.

## Painel de controle

Após fazer o login em sua conta, você será direcionado para o painel de controle da área do cliente.

Os seguintes itens estão presentes nesta tela:

1. Menu principal da área do cliente;
2. Conteúdo (Lista dos Chamados / Projetos / Ideias);
3. Botão para Abrir chamado;
4. Ícone de notificações e menu secundário;
5. Lista com link para acesso (Chamados / Projetos / Ideias).

Abaixo vamos conhecer como utilizar cada item desta tela.

O menu principal é composto por:

- Meus dados;
- Meus chamados;
- Meus projetos;
- Ideias e melhorias;
- Botão Sair.

## Meus dados

O primeiro link do menu é o acesso aos seus dados cadastrais.

Aqui você poderá alterar o nome, e-mail, configurar sua foto, alterar o usuário e a senha, além de habilitar as notificações por e-mail.

## Meus chamados

O próximo link do menu é **Meus chamados**. Ao acessar você será direcionado para a lista dos chamados que foram registrados com nossa equipe de suporte.

Você poderá filtrar os chamados utilizando as opções de filtro disponíveis acima da lista.

Ao clicar no nome do chamado, o chamado será aberto na tela e você poderá acompanhar as respostas e enviar novas mensagens no chamado.

Ao lado de cada chamado é exibida a situação do chamado.

E, para abrir um novo chamado, clique em **Abrir chamado**.

## Meus projetos

**Meus projetos** é o próximo item do menu. Ao acessar você poderá visualizar todos os projetos relacionados com o seu usuário e a nossa equipe de desenvolvimento.

Você poderá filtrar os projetos pela situação (Em produção ou Finalizado).

Para visualizar o andamento do projeto, clique sobre o nome do projeto desejado.

## Ideias e melhorias

Seguindo o menu, o próximo item é **Ideias e melhorias**.

Aqui você poderá visualizar as ideias e melhorias disponibilizadas pela nossa equipe e você poderá avaliar e votar nas melhores ideias.

## Notificações

Além das opções disponíveis no menu principal, ainda está disponível na área do cliente a opção para visualizar as notificações enviadas pela nossa equipe.

Para acessar, clique no ícone de notificações, no topo da tela.

## Como abrir um chamado

Todas as solicitações, seja de suporte, solicitações de melhorias entre outros assuntos devem ser registradas na área do cliente, assim nossa equipe mantém um registro de todas as suas solicitações e você poderá acompanhá-las.

Como apresentado acima, você poderá registrar seus chamados diretamente na área do cliente ou no plugin de acesso rápido (disponível no seu sistema).

Na área do cliente, clique no botão **Abrir chamado** ou **Alguma dúvida?**, que o formulário do registro do chamado será exibido.

Os campos do formulário são:

- **Setor:** por padrão o setor selecionado é o suporte.
- **Assunto:** Resumo da solicitação.
- **Descrição:** Descreva de forma clara e com detalhes qual a sua solicitação. Caso seja um erro no sistema, deve informar em qual módulo o erro acontece e qual rotina estava executando.
- **Enviar arquivo:** Se necessário, envie anexos ao chamado.

Após preencher os campos solicitados no formulário, clique em **Abrir chamado**.

Pronto, nossa equipe de suporte receberá seu chamado e entrará em contato, respondendo a sua solicitação.

Alguma dúvida? [Abrir chamado](/chamados/novo/)
""",
        "en": {
            "title": "Getting to know the customer area",
            "summary": (
                "The customer area is where you open and follow your tickets, follow your projects, "
                "vote on ideas and manage your account details."
            ),
            "body": """\
The customer area is where you can open and follow your support tickets, follow the progress of your projects, vote on ideas and manage your account details.

In this article you will get to know the customer area and learn how to use its main features.

## Accessing my account

To reach the customer area, go to **suporte.cimsw.com.br**.

That address opens the knowledge base, which holds articles and tutorials about CIM Soluções Web's systems. It is from the knowledge base that you reach the customer area.

Access to the customer area is restricted, so you will need a username and password. To sign in, click **Access my account** and enter your username or e-mail address and your password.

**Tip:** Use the e-mail address you already use to talk to our support team.

If this is your first time in the customer area, you do not have a password yet. To activate your account, click **Forgot my password**.

Enter your e-mail address and click **Send new password**. You will receive an e-mail with a link to set your new password. Follow the steps in that e-mail.

## Dashboard

After signing in, you are taken to the customer area's dashboard.

This screen contains:

1. The customer area's main menu;
2. Content (list of Tickets / Projects / Ideas);
3. The Open ticket button;
4. The notifications icon and the secondary menu;
5. A list of shortcuts (Tickets / Projects / Ideas).

Below we go through how to use each item on this screen.

The main menu contains:

- My details;
- My tickets;
- My projects;
- Ideas and improvements;
- The Sign out button.

## My details

The first menu link takes you to your account details.

Here you can change your name and e-mail address, set your photo, change your username and password, and turn on e-mail notifications.

## My tickets

The next menu link is **My tickets**. It takes you to the list of tickets you have opened with our support team.

You can narrow the list down with the filters shown above it.

Click a ticket's title to open it: you can follow the replies and send new messages on the ticket.

Each ticket shows its current status next to it.

To open a new ticket, click **Open ticket**.

## My projects

**My projects** is the next menu item. There you can see every project linked to your user and our development team.

You can filter projects by status (In progress or Finished).

To see how a project is going, click its name.

## Ideas and improvements

The next menu item is **Ideas and improvements**.

Here you can see the ideas and improvements our team has published, rate them and vote for the best ones.

## Notifications

Besides the main menu, the customer area also lets you read the notifications our team sends you.

To see them, click the notifications icon at the top of the screen.

## How to open a ticket

Every request, whether for support, an improvement or anything else, should be made in the customer area. That way our team keeps a record of all your requests and you can follow them.

As shown above, you can open tickets directly in the customer area or through the quick access plugin (available inside your system).

In the customer area, click **Open ticket** or **Any questions?** and the ticket form is shown.

The form's fields are:

- **Department:** support is selected by default.
- **Subject:** a short summary of the request.
- **Description:** describe your request clearly and in detail. If it is an error in the system, say which module it happens in and which routine you were running.
- **Attach file:** send attachments with the ticket if needed.

After filling in the form, click **Open ticket**.

That's it: our support team will receive your ticket and get back to you with an answer.

Any questions? [Open a ticket](/chamados/novo/)
""",
        },
    },
    # ------------------------------------------------------------------ ERP Fiscal
    {
        "slug": "configuracao-do-certificado-digital-a1",
        "category": "configuracoes-fiscais",
        "title": "Configuração do certificado digital A1",
        "summary": (
            "Veja como importar e configurar o certificado digital A1 no ERP Fiscal para assinar as "
            "notas fiscais eletrônicas e o que fazer quando ele estiver perto de vencer."
        ),
        "tags": ["certificado digital", "configurações", "nf-e"],
        "visibility": "public",
        "body": """\
O certificado digital é obrigatório para assinar e transmitir documentos fiscais eletrônicos (NF-e, NFC-e e seus eventos) para a SEFAZ. O ERP Fiscal trabalha com o certificado do tipo A1, que é um arquivo instalado no servidor da empresa e tem validade de um ano. Neste artigo você vai aprender a fazer a configuração do certificado e a revisar as configurações relacionadas a ele.

## Antes de começar

Tenha em mãos:

- o arquivo do certificado, com extensão `.pfx` ou `.p12`;
- a senha definida no momento da compra do certificado;
- o CNPJ da empresa, que deve ser o mesmo que consta no certificado.

**Dica:** guarde uma cópia do arquivo em local seguro e com acesso restrito. Se o arquivo for perdido, será necessário emitir um novo certificado junto à autoridade certificadora.

## Passo a passo da configuração

1. Acesse o menu **Configurações > Fiscal > Certificado digital**.
2. Selecione a empresa (ou filial) que vai utilizar o certificado.
3. Clique em **Importar certificado** e selecione o arquivo `.pfx`.
4. Informe a senha do certificado e clique em **Validar**.
5. Confira os dados exibidos: razão social, CNPJ e data de validade.
6. Clique em **Salvar configuração**.

Depois de salvar, faça um teste: acesse **Nota fiscal eletrônica > Status do serviço** e clique em **Consultar**. Se a SEFAZ responder "Serviço em operação", a configuração está correta e você já pode emitir notas.

Empresas com filiais podem usar o certificado da matriz quando a raiz do CNPJ (os oito primeiros dígitos) é a mesma. Nesse caso, marque a opção **Usar certificado da matriz** nas configurações fiscais de cada filial, em vez de importar o arquivo várias vezes.

## Vencimento e renovação

O ERP Fiscal mostra um aviso no painel 30 dias antes do vencimento do certificado. Depois que o certificado vence, nenhuma nota fiscal é autorizada, por isso providencie a renovação com antecedência.

Para substituir o certificado:

1. Importe o novo arquivo seguindo os mesmos passos acima.
2. Marque o novo certificado como **Padrão**.
3. Remova o certificado vencido da lista.

### Mensagens de erro mais frequentes

| Mensagem | Causa provável |
|---|---|
| Senha inválida | A senha digitada não é a do certificado. Confira maiúsculas e minúsculas. |
| CNPJ divergente | O certificado pertence a outra empresa ou a outra raiz de CNPJ. |
| Certificado vencido | A data de validade já passou e é preciso renovar. |

Se o erro continuar mesmo com o certificado válido, [abra um chamado](/chamados/novo/) informando a mensagem exibida e a filial em que a configuração foi feita.
""",
        "en": {
            "title": "Setting up the A1 digital certificate",
            "summary": (
                "How to import and set up the A1 digital certificate in ERP Fiscal to sign electronic "
                "invoices, and what to do when it is about to expire."
            ),
            "body": """\
A digital certificate is required to sign electronic tax documents (NF-e, NFC-e and their events) and send them to SEFAZ, the state tax authority. ERP Fiscal works with A1 certificates: a file installed on the company's server, valid for one year. In this article you will learn how to set up the certificate and review the related settings.

## Before you start

Have at hand:

- the certificate file, with a `.pfx` or `.p12` extension;
- the password chosen when the certificate was purchased;
- the company's CNPJ, which must match the one in the certificate.

**Tip:** keep a copy of the file somewhere safe with restricted access. If the file is lost, a new certificate has to be issued by the certificate authority.

## Step by step

1. Go to **Settings > Tax > Digital certificate**.
2. Select the company (or branch) that will use the certificate.
3. Click **Import certificate** and choose the `.pfx` file.
4. Enter the certificate's password and click **Validate**.
5. Check the details shown: company name, CNPJ and expiry date.
6. Click **Save settings**.

After saving, run a test: go to **Electronic invoice > Service status** and click **Check**. If SEFAZ answers "Service running", the setup is correct and you can start issuing invoices.

Companies with branches can use the head office's certificate when the CNPJ root (its first eight digits) is the same. In that case, tick **Use head office certificate** in each branch's tax settings instead of importing the file several times.

## Expiry and renewal

ERP Fiscal shows a warning on the dashboard 30 days before the certificate expires. Once it has expired, no invoice can be authorised, so renew it in good time.

To replace the certificate:

1. Import the new file following the steps above.
2. Mark the new certificate as **Default**.
3. Remove the expired certificate from the list.

### Most frequent error messages

| Message | Likely cause |
|---|---|
| Invalid password | The password typed is not the certificate's. Check upper and lower case. |
| CNPJ mismatch | The certificate belongs to another company or CNPJ root. |
| Certificate expired | The expiry date has passed and it must be renewed. |

If the error persists with a valid certificate, [open a ticket](/chamados/novo/) with the message shown and the branch where you set it up.
""",
        },
    },
    {
        "slug": "como-emitir-uma-nota-fiscal-eletronica",
        "category": "nota-fiscal-eletronica-nfe",
        "title": "Como emitir uma nota fiscal eletrônica",
        "summary": (
            "Passo a passo para emitir uma nota fiscal eletrônica (NF-e) no ERP Fiscal, desde a "
            "conferência dos cadastros até o envio do DANFE e do XML ao cliente."
        ),
        "tags": ["nota fiscal", "nf-e", "emissão"],
        "visibility": "public",
        "body": """\
A nota fiscal eletrônica (NF-e) é o documento que registra a venda ou a circulação de mercadorias. No ERP Fiscal, a nota fiscal pode ser emitida a partir de um pedido de venda ou digitada diretamente. Este artigo mostra a emissão manual; quando a nota fiscal vem de um pedido, os passos são os mesmos a partir da conferência.

## Antes de emitir

Para que a nota fiscal seja autorizada sem rejeições, confira:

- se o certificado digital está configurado e dentro da validade;
- se o cliente tem CNPJ ou CPF, endereço completo e inscrição estadual (quando for contribuinte do ICMS);
- se os produtos têm NCM, unidade e origem da mercadoria preenchidos;
- se existe uma natureza de operação com as regras fiscais da venda (CFOP, CST e alíquotas).

## Emitindo a nota fiscal

1. Acesse **Nota fiscal eletrônica > Nova nota fiscal**.
2. Escolha a **Natureza de operação**, por exemplo "Venda de mercadoria".
3. Informe o **Destinatário**. O sistema preenche o endereço e a indicação de contribuinte a partir do cadastro.
4. Na aba **Produtos**, adicione os itens, as quantidades e os valores unitários. Os impostos são calculados automaticamente conforme as regras fiscais.
5. Na aba **Transporte**, informe a modalidade do frete, a transportadora e os volumes.
6. Na aba **Cobrança**, confira as parcelas e a forma de pagamento.
7. Use **Informações complementares** para textos exigidos pela legislação ou combinados com o cliente.
8. Clique em **Pré-visualizar** para conferir o DANFE e, estando tudo certo, em **Transmitir**.

**Dica:** a pré-visualização não envia nada à SEFAZ. Use-a sempre que a nota fiscal tiver muitos itens ou uma operação pouco usada.

## Depois da transmissão

Em poucos segundos a SEFAZ devolve o resultado, que aparece na coluna **Situação** da lista de notas:

| Situação | O que significa |
|---|---|
| Autorizada | A nota fiscal é válida e a mercadoria pode circular. |
| Rejeitada | Há um erro nos dados. Corrija e transmita novamente com o mesmo número. |
| Denegada | Há irregularidade cadastral do emitente ou do destinatário. O número não pode ser reaproveitado. |

Com a nota fiscal autorizada, o ERP Fiscal envia automaticamente o DANFE (em PDF) e o arquivo XML para o e-mail do cliente. Você também pode reenviar ou imprimir o DANFE pelo botão **Ações** da lista.

Se a nota fiscal for rejeitada, consulte o artigo sobre as rejeições da SEFAZ mais comuns, que traz o código, o motivo e a forma de resolver cada uma.
""",
        "en": {
            "title": "How to issue an electronic invoice",
            "summary": (
                "Step by step guide to issuing an electronic invoice (NF-e) in ERP Fiscal, from "
                "checking the records to sending the DANFE and the XML to the customer."
            ),
            "body": """\
The electronic invoice (NF-e) is the document that records a sale or the movement of goods. In ERP Fiscal an invoice can be issued from a sales order or typed in directly. This article covers manual issuing; when the invoice comes from an order, the steps are the same from the review onwards.

## Before issuing

For the invoice to be authorised without rejections, check that:

- the digital certificate is set up and has not expired;
- the customer has a CNPJ or CPF, a full address and a state registration (when they pay ICMS);
- products have their NCM code, unit and origin filled in;
- there is an operation type with the sale's tax rules (CFOP, CST and rates).

## Issuing the invoice

1. Go to **Electronic invoice > New invoice**.
2. Choose the **Operation type**, for example "Sale of goods".
3. Enter the **Recipient**. The address and taxpayer status are filled in from the customer record.
4. On the **Products** tab, add the items, quantities and unit prices. Taxes are calculated from the tax rules.
5. On the **Shipping** tab, enter the freight terms, the carrier and the packages.
6. On the **Billing** tab, check the instalments and the payment method.
7. Use **Additional information** for wording required by law or agreed with the customer.
8. Click **Preview** to check the DANFE and, if everything is right, **Transmit**.

**Tip:** the preview sends nothing to SEFAZ. Use it whenever the invoice has many items or an unusual operation.

## After transmitting

Within seconds SEFAZ returns its answer, shown in the **Status** column of the invoice list:

| Status | Meaning |
|---|---|
| Authorised | The invoice is valid and the goods may be shipped. |
| Rejected | Something in the data is wrong. Fix it and transmit again with the same number. |
| Denied | The issuer or the recipient has a registration problem. The number cannot be reused. |

Once the invoice is authorised, ERP Fiscal automatically e-mails the DANFE (as a PDF) and the XML file to the customer. You can also resend or print the DANFE from the **Actions** button in the list.

If the invoice is rejected, see the article on the most common SEFAZ rejections, which lists each code, its cause and how to fix it.
""",
        },
    },
    {
        "slug": "cancelamento-de-nf-e-e-carta-de-correcao",
        "category": "nota-fiscal-eletronica-nfe",
        "title": "Cancelamento de NF-e e carta de correção",
        "summary": (
            "Saiba quando cancelar uma NF-e e quando basta uma carta de correção eletrônica (CC-e), "
            "com o passo a passo de cada evento no ERP Fiscal."
        ),
        "tags": ["nf-e", "cancelamento", "carta de correção"],
        "visibility": "public",
        "body": """\
Depois de autorizada, uma NF-e não pode ser editada. Se houver algum erro, existem dois caminhos: cancelar a nota e emitir outra, ou registrar uma carta de correção eletrônica (CC-e). Os dois são eventos enviados à SEFAZ e ficam vinculados à nota original.

## Quando cancelar e quando corrigir

Use o **cancelamento** quando a venda não aconteceu, quando os valores ou as quantidades estão errados ou quando o destinatário não é o correto. O cancelamento só é permitido se a mercadoria ainda não circulou e, em regra, dentro de 24 horas após a autorização. Alguns estados aceitam o cancelamento fora desse prazo com regras próprias; consulte a sua contabilidade.

Use a **carta de correção** para erros que não alteram o valor do imposto nem a identificação das partes. Ela **não** pode corrigir:

- valores, base de cálculo, alíquotas, quantidades e preços;
- dados cadastrais que mudem o remetente ou o destinatário;
- a data de emissão ou de saída.

Exemplos de uso da CC-e: corrigir o complemento do endereço, o peso dos volumes, a transportadora ou um texto nas informações complementares.

## Como cancelar uma NF-e

1. Acesse **Nota fiscal eletrônica > Notas emitidas** e localize a nota.
2. Clique em **Ações > Cancelar**.
3. Escreva a justificativa, com no mínimo 15 caracteres. Ex.: "Pedido cancelado pelo cliente antes do envio".
4. Clique em **Enviar cancelamento** e aguarde o retorno da SEFAZ.
5. Com o evento homologado, a situação da nota passa para **Cancelada** e o XML do cancelamento é enviado ao cliente.

Se a nota estava ligada a um pedido, o ERP Fiscal pergunta se o pedido deve voltar para **Em aberto**, para que você possa faturá-lo de novo.

## Como emitir a carta de correção

1. Localize a nota em **Notas emitidas** e clique em **Ações > Carta de correção**.
2. Descreva a correção de forma clara, indicando o campo e o valor correto. Ex.: "Onde se lê Rua das Flores, 12, leia-se Rua das Flores, 120".
3. Clique em **Transmitir**.
4. Imprima ou envie ao cliente o documento da CC-e, que acompanha o DANFE.

**Dica:** cada nova carta de correção substitui a anterior. Se você já enviou uma CC-e e precisa corrigir outro campo, repita na nova carta todas as correções, inclusive as que já tinham sido feitas.

Uma mesma NF-e aceita até 20 cartas de correção. Se o erro não puder ser corrigido por CC-e e o prazo de cancelamento já tiver passado, procure a sua contabilidade para avaliar a emissão de uma nota complementar ou de devolução.
""",
        "en": None,
    },
    {
        "slug": "rejeicoes-da-sefaz-mais-comuns",
        "category": "nota-fiscal-eletronica-nfe",
        "title": "Rejeições da SEFAZ mais comuns",
        "summary": (
            "Lista das rejeições da SEFAZ que mais aparecem na emissão de NF-e, com o código, o "
            "motivo e como resolver cada uma no ERP Fiscal."
        ),
        "tags": ["sefaz", "rejeição", "nf-e"],
        "visibility": "public",
        "body": """\
Quando a SEFAZ encontra um problema na NF-e, ela devolve uma rejeição com um código e uma descrição. A nota rejeitada não tem validade, mas o número continua reservado: basta corrigir os dados e transmitir novamente.

## Como consultar o motivo da rejeição

1. Acesse **Nota fiscal eletrônica > Notas emitidas**.
2. Filtre pela situação **Rejeitada**.
3. Clique na nota e abra a aba **Retorno da SEFAZ**. Ali aparecem o código, a mensagem e a data do retorno.

O ERP Fiscal também mostra, logo abaixo da mensagem, uma sugestão de correção para os códigos mais conhecidos.

## Rejeições mais frequentes

| Código | Motivo | Como resolver |
|---|---|---|
| 204 | Duplicidade de NF-e | A nota já foi autorizada. Use **Ações > Consultar na SEFAZ** para atualizar a situação, sem transmitir de novo. |
| 539 | Duplicidade de NF-e com diferença na chave de acesso | O número já foi usado com outra chave. Consulte a nota original ou avance a numeração da série. |
| 233 | IE do destinatário não cadastrada | Confira a inscrição estadual do cliente no cadastro de contribuintes (Sintegra) e corrija o cadastro. |
| 301 | Uso denegado: irregularidade fiscal do emitente | A situação da empresa na SEFAZ tem pendências. Procure a sua contabilidade. |
| 610 | Total da NF difere do somatório dos valores | Revise descontos, frete e outras despesas rateados nos itens. Recalcule os impostos e transmita. |
| 703 | Data-hora de emissão posterior ao horário de recebimento | O relógio ou o fuso horário do servidor está adiantado. Ajuste a data e a hora do sistema. |
| 778 | NCM inexistente | O NCM do produto está errado ou foi extinto. Atualize o cadastro do produto com um código válido. |

**Dica:** as rejeições 301 e 302 (irregularidade do destinatário) são **denegações**: o número da nota fica registrado como denegado e não pode ser reaproveitado. Nesses casos, não insista na transmissão.

## Depois de corrigir

- Corrija o cadastro na origem (cliente, produto ou regra fiscal), e não só na nota, para que o erro não se repita.
- Transmita novamente a mesma nota: o número e a série são mantidos.
- Se várias notas foram rejeitadas pelo mesmo motivo, use **Ações em lote > Retransmitir** depois da correção.

Algumas rejeições acontecem por instabilidade da própria SEFAZ, como falhas de comunicação ou serviço paralisado. Consulte o **Status do serviço** antes de alterar qualquer dado. Se a rejeição não estiver na tabela ou continuar depois das correções, [abra um chamado](/chamados/novo/) e informe o código, a mensagem completa e o número da nota.
""",
        "en": None,
    },
    {
        "slug": "inutilizacao-de-numeracao-da-nf-e",
        "category": "nota-fiscal-eletronica-nfe",
        "title": "Inutilização de numeração da NF-e",
        "summary": (
            "Quando um número de NF-e é pulado ou não chega a ser autorizado, ele precisa ser "
            "inutilizado na SEFAZ. Veja como fazer isso no ERP Fiscal."
        ),
        "tags": ["nf-e", "inutilização", "numeração"],
        "visibility": "public",
        "body": """\
A numeração das notas fiscais eletrônicas precisa ser sequencial em cada série. Quando um número é pulado ou uma nota rejeitada não será mais transmitida, esse número deve ser **inutilizado**, informando à SEFAZ que ele não será usado. Sem a inutilização, a falta do número pode gerar questionamentos em uma fiscalização.

## Quando inutilizar

Os casos mais comuns são:

- uma nota foi rejeitada e a operação desistiu de ser feita;
- houve falha de sistema ou de energia e a numeração avançou sem emissão;
- alguém alterou manualmente o próximo número da série e pulou uma faixa;
- a nota foi denegada em outra série ou com outro número e a sequência ficou com lacunas.

Não é possível inutilizar um número que já foi autorizado, cancelado ou denegado. Para notas autorizadas, o caminho é o cancelamento.

A inutilização deve ser feita até o dia 10 do mês seguinte ao da ocorrência. Por isso, vale conferir as lacunas da numeração todo início de mês.

## Como inutilizar no ERP Fiscal

1. Acesse **Nota fiscal eletrônica > Inutilização de numeração**.
2. Clique em **Verificar lacunas**. O sistema lista os números da série que não têm nota autorizada, cancelada ou denegada.
3. Selecione o número ou informe a faixa (número inicial e final). Uma mesma solicitação pode inutilizar vários números em sequência.
4. Escreva a justificativa, com no mínimo 15 caracteres. Ex.: "Numeração pulada por falha no sistema".
5. Clique em **Transmitir** e aguarde o retorno da SEFAZ.
6. Com o pedido homologado, os números passam para a situação **Inutilizada** e o XML fica disponível para o seu contador.

**Dica:** se a nota rejeitada ainda puder ser corrigida e enviada, não inutilize o número. Corrija os dados e transmita novamente, mantendo a sequência.

## Conferência mensal

Inclua a inutilização na rotina de fechamento do mês:

| Quando | O que fazer |
|---|---|
| Dia 1 a 5 | Rodar **Verificar lacunas** de todas as séries do mês anterior. |
| Até o dia 10 | Inutilizar os números que não serão utilizados. |
| Após o envio | Exportar os XML de inutilização junto com os das notas para a contabilidade. |

Se a SEFAZ rejeitar a inutilização informando que o número já foi utilizado, consulte a nota pela chave de acesso: provavelmente ela foi autorizada e não teve a situação atualizada no sistema.
""",
        "en": None,
    },
    {
        "slug": "cadastro-de-regras-fiscais-por-operacao",
        "category": "configuracoes-fiscais",
        "title": "Cadastro de regras fiscais por operação",
        "summary": (
            "Como configurar naturezas de operação, CFOP, CST/CSOSN e alíquotas no ERP Fiscal para "
            "que os impostos da nota sejam calculados automaticamente."
        ),
        "tags": ["configurações", "cfop", "tributação"],
        "visibility": "customers",
        "body": """\
As regras fiscais definem como o ERP Fiscal calcula os impostos de cada item da nota: qual CFOP usar, qual situação tributária (CST ou CSOSN) informar e quais alíquotas aplicar. Com as regras bem cadastradas, quem emite a nota só escolhe a natureza de operação e o sistema faz o resto.

Este procedimento altera o cálculo de impostos de todas as notas emitidas a partir dele. Recomendamos revisar as regras com a sua contabilidade antes de ativá-las.

## Estrutura das regras

Cada regra fiscal combina:

- a **natureza de operação** (ex.: venda, devolução, remessa para conserto);
- o **regime tributário** do emitente (Simples Nacional ou Regime Normal);
- o **destino** da mercadoria (dentro do estado, fora do estado ou exterior);
- o **tipo de destinatário** (contribuinte, não contribuinte ou consumidor final);
- opcionalmente, o **NCM** ou um grupo de produtos.

Quando mais de uma regra atende a uma nota, vale a mais específica: uma regra por NCM tem prioridade sobre uma regra geral.

## Cadastrando uma regra

1. Acesse **Configurações > Fiscal > Regras fiscais** e clique em **Nova regra**.
2. Selecione a natureza de operação e o regime tributário.
3. Informe o destino e o tipo de destinatário.
4. Na aba **ICMS**, escolha o CST (Regime Normal) ou o CSOSN (Simples Nacional) e a alíquota.
5. Nas abas **IPI**, **PIS** e **COFINS**, informe a situação tributária e as alíquotas.
6. Na aba **CFOP**, informe o código para operações internas e interestaduais.
7. Salve e use o botão **Simular** para calcular uma nota de teste sem transmiti-la.

### Exemplos de CFOP para venda

| Operação | Dentro do estado | Fora do estado |
|---|---|---|
| Venda de produção do estabelecimento | 5.101 | 6.101 |
| Venda de mercadoria adquirida de terceiros | 5.102 | 6.102 |
| Venda de mercadoria com ICMS retido por substituição tributária | 5.405 | 6.404 |

**Dica:** empresas do Simples Nacional normalmente usam o CSOSN 102 nas vendas sem permissão de crédito e o CSOSN 500 quando o ICMS já foi retido anteriormente por substituição tributária. Confirme os códigos com a contabilidade, pois dependem do produto e da operação.

## Conferindo o resultado

Depois de ativar a regra, emita uma nota em **Pré-visualizar** e confira, item a item, o CFOP, a base de cálculo e o valor do imposto. Se algum item ficar sem regra, o ERP Fiscal mostra o aviso "Nenhuma regra fiscal encontrada" e bloqueia a transmissão, evitando que a nota seja enviada com impostos zerados.
""",
        "en": None,
    },
    # ------------------------------------------------------------------ Financeiro
    {
        "slug": "emissao-de-boletos-bancarios",
        "category": "contas-a-receber",
        "title": "Emissão de boletos bancários",
        "summary": (
            "Configure a carteira de cobrança e emita boletos registrados, individualmente ou em "
            "lote, a partir dos títulos do contas a receber."
        ),
        "tags": ["boletos", "contas a receber", "cobrança"],
        "visibility": "public",
        "body": """\
No módulo Financeiro, os boletos são gerados a partir dos títulos do contas a receber. Todo boleto precisa ser registrado no banco antes de ser pago, e o sistema faz esse registro pela integração com o banco (API) ou por arquivo de remessa.

## Configurar a carteira de cobrança

Antes de emitir o primeiro boleto, cadastre a carteira de cobrança com os dados fornecidos pelo seu gerente de conta:

1. Acesse **Financeiro > Configurações > Carteiras de cobrança** e clique em **Nova carteira**.
2. Selecione o banco e a conta corrente.
3. Informe o código do convênio (ou do beneficiário), a carteira e a espécie do título.
4. Escolha a forma de registro: **API do banco** (registro imediato) ou **Arquivo CNAB** (remessa e retorno).
5. Defina os padrões de multa, juros ao dia e desconto para pagamento antecipado.
6. Se o banco oferecer, marque **Boleto com Pix** para incluir o QR Code no boleto.
7. Salve e emita um boleto de teste com valor baixo para validar a configuração.

## Emitir boletos

Individualmente:

1. Acesse **Financeiro > Contas a receber** e localize o título.
2. Clique em **Ações > Gerar boleto**.
3. Confira vencimento, valor e instruções e clique em **Emitir**.

Em lote, filtre os títulos (por exemplo, todos os títulos do mês sem boleto), selecione-os e use **Ações em lote > Gerar boletos**. O sistema gera um boleto para cada título e envia por e-mail para o endereço de cobrança do cliente.

Os títulos gerados pelo faturamento de uma nota podem receber o boleto automaticamente: basta marcar a opção **Gerar boleto ao faturar** na forma de pagamento.

**Dica:** mantenha o e-mail de cobrança do cliente atualizado. Ele pode ser diferente do e-mail que recebe a nota fiscal.

## Situação dos boletos

| Situação | O que significa |
|---|---|
| Aguardando registro | O boleto foi gerado, mas o banco ainda não confirmou o registro. |
| Registrado | O boleto já pode ser pago pelo cliente. |
| Liquidado | O banco informou o pagamento e o título foi baixado. |
| Baixado | O boleto foi cancelado no banco, por solicitação ou por decurso de prazo. |

Para alterar o vencimento ou o valor de um boleto registrado, use **Ações > Alterar boleto**. O sistema envia a instrução ao banco e gera a segunda via atualizada. Não gere outro boleto para o mesmo título, pois o cliente pode acabar pagando os dois.
""",
        "en": None,
    },
    {
        "slug": "conciliacao-bancaria-com-arquivo-ofx",
        "category": "conciliacao-bancaria",
        "title": "Conciliação bancária com arquivo OFX",
        "summary": (
            "Importe o extrato do banco em formato OFX e concilie os lançamentos com os títulos "
            "pagos e recebidos, conferindo o saldo do sistema com o saldo do banco."
        ),
        "tags": ["conciliação bancária", "ofx", "extrato"],
        "visibility": "public",
        "body": """\
A conciliação bancária compara os lançamentos registrados no Financeiro com o extrato do banco. Ela garante que o saldo do sistema seja igual ao saldo real da conta e ajuda a encontrar pagamentos que não foram baixados, tarifas não lançadas e lançamentos em duplicidade.

O jeito mais rápido de conciliar é importar o extrato em **OFX**, um formato padrão que todos os grandes bancos oferecem no internet banking.

## Exportar o extrato no banco

1. No internet banking, acesse a consulta de extrato da conta corrente.
2. Escolha o período (recomendamos conciliar semanalmente).
3. Selecione a opção de exportação em **OFX** (em alguns bancos aparece como "Money" ou "Extrato para software financeiro").
4. Salve o arquivo no computador.

## Importar e conciliar

1. No sistema, acesse **Financeiro > Conciliação bancária**.
2. Selecione a conta corrente e clique em **Importar OFX**.
3. Escolha o arquivo. O sistema lê os lançamentos e ignora os que já foram importados antes, mesmo que os períodos se sobreponham.
4. Para cada lançamento do extrato, o sistema sugere o movimento correspondente, comparando valor, data e documento.
5. Confira as sugestões e clique em **Conciliar selecionados**.
6. Para lançamentos sem correspondência, use **Criar lançamento** (por exemplo, tarifas bancárias e rendimentos) ou **Vincular** a um título em aberto, que será baixado na data do extrato.

**Dica:** cadastre regras automáticas para lançamentos que se repetem. Ex.: todo lançamento com a descrição "TARIFA PACOTE" vira uma despesa na conta "Tarifas bancárias".

## Conferindo o resultado

Ao final, a tela mostra três saldos:

| Saldo | Origem |
|---|---|
| Saldo do extrato | Informado no arquivo OFX. |
| Saldo conciliado | Soma dos movimentos do sistema já conciliados. |
| Diferença | Deve ser zero ao terminar a conciliação do período. |

Se a diferença não zerar, verifique:

- movimentos lançados na conta errada;
- títulos baixados duas vezes (um manualmente e outro pelo retorno do banco);
- lançamentos do extrato com data fora do período filtrado.

Depois de conciliado, o período pode ser **fechado**, impedindo alterações nos movimentos daquela conta e daquelas datas. Apenas usuários com permissão de supervisor financeiro podem reabrir um período fechado.
""",
        "en": {
            "title": "Bank reconciliation with an OFX file",
            "summary": (
                "Import your bank statement as an OFX file and match its entries to the payments "
                "and receipts in the system, so the system balance matches the bank's."
            ),
            "body": """\
Bank reconciliation compares the entries recorded in the Finance module with the bank statement. It ensures the system balance equals the real account balance and helps find payments that were not settled, bank fees that were not recorded and duplicated entries.

The quickest way to reconcile is to import the statement as **OFX**, a standard format every major bank offers in its online banking.

## Export the statement from the bank

1. In online banking, open the current account statement.
2. Choose the period (we recommend reconciling weekly).
3. Select the **OFX** export option (some banks call it "Money" or "Statement for financial software").
4. Save the file on your computer.

## Import and reconcile

1. In the system, go to **Finance > Bank reconciliation**.
2. Select the bank account and click **Import OFX**.
3. Choose the file. The system reads the entries and skips any imported before, even if the periods overlap.
4. For each statement entry, the system suggests the matching transaction by comparing amount, date and document.
5. Review the suggestions and click **Reconcile selected**.
6. For entries with no match, use **Create entry** (for example, bank fees and interest earned) or **Link** them to an open receivable or payable, which will be settled on the statement date.

**Tip:** create automatic rules for recurring entries. For example, every entry described as "TARIFA PACOTE" becomes an expense in the "Bank fees" account.

## Checking the result

When you finish, the screen shows three balances:

| Balance | Source |
|---|---|
| Statement balance | Taken from the OFX file. |
| Reconciled balance | Sum of the system transactions already reconciled. |
| Difference | Should be zero once the period is reconciled. |

If the difference is not zero, check for:

- transactions posted to the wrong account;
- items settled twice (once by hand and once by the bank's return file);
- statement entries dated outside the filtered period.

Once reconciled, the period can be **closed**, which blocks changes to that account's transactions for those dates. Only users with finance supervisor permission can reopen a closed period.
""",
        },
    },
    {
        "slug": "baixa-de-titulos-a-receber",
        "category": "contas-a-receber",
        "title": "Baixa de títulos a receber",
        "summary": (
            "Como registrar o recebimento de títulos no Financeiro: baixa total, parcial, em lote, "
            "com juros, multa ou desconto, e como estornar uma baixa feita por engano."
        ),
        "tags": ["contas a receber", "baixa de títulos", "recebimentos"],
        "visibility": "public",
        "body": """\
A baixa é o registro de que um título foi recebido. Ela atualiza o saldo do cliente, movimenta a conta bancária ou o caixa e alimenta os relatórios de fluxo de caixa e DRE. Títulos com boleto registrado são baixados automaticamente pelo retorno do banco; os demais precisam de baixa manual.

## Baixa manual de um título

1. Acesse **Financeiro > Contas a receber** e localize o título pelo cliente, número do documento ou vencimento.
2. Clique em **Ações > Baixar**.
3. Informe a **data do recebimento** e a **conta** onde o dinheiro entrou (banco ou caixa).
4. Confira o valor. Se o pagamento foi feito com atraso, o sistema calcula multa e juros conforme as condições do título.
5. Se foi concedido desconto, informe-o no campo **Desconto** e escolha o motivo.
6. Clique em **Confirmar baixa**.

### Baixa parcial

Quando o cliente paga apenas parte do valor, informe o valor recebido. O sistema pergunta se o saldo deve **continuar no mesmo título** (baixa parcial) ou se deve ser **gerado um novo título** com outro vencimento. A segunda opção é útil quando há negociação com o cliente.

## Baixa em lote

Para registrar vários recebimentos de uma vez, por exemplo os depósitos de um dia:

1. Filtre os títulos e marque os que foram recebidos.
2. Clique em **Ações em lote > Baixar selecionados**.
3. Informe a data e a conta. Todos os títulos serão baixados pelo valor em aberto, com juros e multa quando houver atraso.

**Dica:** a baixa em lote gera um único movimento bancário com o total, o que facilita a conciliação quando o banco credita os valores juntos. Se o banco credita um a um, desmarque a opção **Agrupar movimento**.

## Estorno de baixa

Se a baixa foi feita no título errado ou com valor incorreto, não altere o título: faça o estorno.

1. Abra o título e vá até a aba **Baixas**.
2. Clique em **Estornar** na baixa desejada e informe o motivo.
3. O título volta para a situação **Em aberto** e o movimento bancário é cancelado.

Baixas já conciliadas ou de períodos fechados só podem ser estornadas depois que o supervisor financeiro reabrir o período. Todas as baixas e estornos ficam registrados no histórico do título, com o usuário e a data de cada operação.
""",
        "en": None,
    },
    {
        "slug": "configurando-a-regua-de-cobranca",
        "category": "contas-a-receber",
        "title": "Configurando a régua de cobrança",
        "summary": (
            "Automatize lembretes antes do vencimento e avisos de atraso por e-mail e WhatsApp com "
            "a régua de cobrança do Financeiro."
        ),
        "tags": ["cobrança", "régua de cobrança", "inadimplência"],
        "visibility": "public",
        "body": """\
A régua de cobrança é uma sequência de ações automáticas disparadas de acordo com a data de vencimento dos títulos. Ela lembra o cliente antes do vencimento, avisa sobre atrasos e, se necessário, encaminha o título para a cobrança da equipe. Com ela, a empresa reduz a inadimplência sem precisar acompanhar título por título.

## Montando a régua

1. Acesse **Financeiro > Cobrança > Régua de cobrança** e clique em **Nova régua**.
2. Dê um nome à régua, por exemplo "Clientes varejo".
3. Adicione as etapas. Para cada etapa, informe:
    - quantos dias **antes** ou **depois** do vencimento ela acontece;
    - o canal (e-mail, SMS ou WhatsApp);
    - o modelo de mensagem.
4. Defina o horário de envio. Evite finais de semana e horários fora do expediente.
5. Salve e vincule a régua aos clientes ou a um grupo de clientes.

Um exemplo de régua equilibrada:

| Quando | Ação | Canal |
|---|---|---|
| 5 dias antes | Lembrete com a segunda via do boleto | E-mail |
| No vencimento | Aviso de vencimento com o código Pix | WhatsApp |
| 3 dias depois | Aviso de atraso com juros atualizados | E-mail |
| 10 dias depois | Criação de tarefa para a equipe de cobrança | Interno |
| 30 dias depois | Bloqueio de novos pedidos do cliente | Interno |

## Modelos de mensagem

Os modelos aceitam campos automáticos, como nome do cliente, número do documento, valor, vencimento e link da segunda via. Escreva mensagens curtas e cordiais, e sempre informe um contato para negociação.

**Dica:** crie réguas diferentes para perfis diferentes. Clientes de atacado, com relacionamento próximo, costumam preferir um contato do vendedor em vez de mensagens automáticas logo no primeiro dia de atraso.

## Acompanhando os envios

Em **Cobrança > Histórico de envios** você vê cada mensagem enviada, o status (entregue, lida, com erro) e as respostas dos clientes. Os principais motivos de erro são:

- e-mail de cobrança em branco ou inválido no cadastro do cliente;
- telefone sem o DDD ou sem autorização para receber mensagens;
- título baixado depois do agendamento do envio (nesse caso, a mensagem é cancelada automaticamente).

Títulos em negociação podem ser retirados temporariamente da régua com a opção **Pausar cobrança**, disponível no próprio título. Assim o cliente não recebe avisos enquanto o acordo estiver em andamento.
""",
        "en": None,
    },
    {
        "slug": "remessa-e-retorno-de-arquivos-cnab",
        "category": "contas-a-receber",
        "title": "Remessa e retorno de arquivos CNAB",
        "summary": (
            "Procedimento detalhado para gerar o arquivo de remessa, enviar ao banco e processar o "
            "retorno CNAB 240 ou 400, com a conferência das ocorrências."
        ),
        "tags": ["cnab", "boletos", "remessa"],
        "visibility": "customers",
        "body": """\
Nas carteiras de cobrança configuradas com registro por arquivo, a comunicação com o banco é feita pelos arquivos CNAB. O **arquivo de remessa** leva ao banco os boletos emitidos e as instruções (alteração de vencimento, baixa, protesto). O **arquivo de retorno** traz do banco as confirmações de registro, os pagamentos e as rejeições.

Este procedimento deve ser seguido diariamente pela pessoa responsável pelo financeiro.

## Gerando e enviando a remessa

1. Acesse **Financeiro > Cobrança > Remessas** e selecione a carteira.
2. Clique em **Gerar remessa**. O sistema inclui todos os boletos com situação **Aguardando registro** e as instruções pendentes.
3. Confira a quantidade de títulos e o valor total exibidos no resumo.
4. Clique em **Baixar arquivo**. O nome segue o padrão exigido pelo banco e o arquivo recebe um número sequencial.
5. Envie o arquivo pelo internet banking, na área de cobrança ou transferência de arquivos.
6. Volte ao sistema e marque a remessa como **Enviada**.

**Dica:** não edite o arquivo de remessa em editores de texto. Qualquer alteração de espaços ou quebras de linha faz o banco rejeitar o arquivo inteiro.

Se o banco recusar a remessa, não gere outra com os mesmos títulos antes de entender o motivo. Use **Ações > Reabrir remessa**, corrija o problema e gere novamente com o mesmo número sequencial.

## Processando o retorno

1. No internet banking, baixe o arquivo de retorno do dia (normalmente disponível na manhã seguinte).
2. No sistema, acesse **Financeiro > Cobrança > Retornos** e clique em **Importar retorno**.
3. Selecione o arquivo. O sistema identifica a carteira e o layout (CNAB 240 ou 400) automaticamente.
4. Confira o relatório de ocorrências antes de confirmar.
5. Clique em **Processar**. Os títulos pagos são baixados e os registros confirmados mudam de situação.

### Ocorrências que pedem atenção

| Ocorrência | O que fazer |
|---|---|
| Entrada rejeitada | Veja o motivo (CEP, CPF/CNPJ ou nosso número inválido), corrija e inclua em nova remessa. |
| Liquidação com valor divergente | Confira juros e descontos. A diferença é lançada conforme a configuração da carteira. |
| Título não encontrado | O boleto pode ter sido gerado em outra carteira ou excluído. Verifique antes de baixar manualmente. |
| Tarifa de cobrança | É lançada como despesa bancária automaticamente, se houver conta configurada. |

Arquivos de retorno já processados são reconhecidos e não geram baixas em duplicidade. Guarde os arquivos por pelo menos cinco anos, junto com os demais documentos financeiros.
""",
        "en": None,
    },
    {
        "slug": "como-gerar-a-dre-gerencial",
        "category": "relatorios-financeiros",
        "title": "Como gerar a DRE gerencial",
        "summary": (
            "Entenda como a DRE gerencial é montada a partir do plano de contas e como gerar, "
            "comparar e exportar o relatório por período e por centro de custo."
        ),
        "tags": ["dre", "relatórios", "plano de contas"],
        "visibility": "public",
        "body": """\
A DRE (Demonstração do Resultado do Exercício) mostra, de forma resumida, as receitas, os custos e as despesas da empresa em um período, chegando ao lucro ou prejuízo. A DRE gerencial do Financeiro é montada automaticamente a partir dos lançamentos classificados no plano de contas e serve para acompanhar o resultado mês a mês. Ela não substitui a DRE contábil elaborada pela sua contabilidade.

## Preparando o plano de contas

A qualidade da DRE depende da classificação dos lançamentos. Antes de gerar o relatório:

1. Acesse **Financeiro > Cadastros > Plano de contas**.
2. Verifique se cada conta está ligada a uma **linha da DRE**, por exemplo: Receita bruta, Deduções, Custos, Despesas administrativas, Despesas financeiras.
3. Confira se não há lançamentos do período na conta **Não classificado**.

Os grupos mais usados são:

- Receita bruta de vendas e serviços;
- Deduções (impostos sobre vendas, devoluções e abatimentos);
- Custo das mercadorias vendidas;
- Despesas operacionais (comerciais, administrativas e com pessoal);
- Resultado financeiro (juros, tarifas e rendimentos).

## Gerando o relatório

1. Acesse **Financeiro > Relatórios > DRE gerencial**.
2. Escolha o período e o **regime**: competência (pela data do documento) ou caixa (pela data do pagamento ou recebimento).
3. Se quiser, filtre por empresa, filial ou centro de custo.
4. Marque **Comparar com** para ver o período anterior ou o mesmo período do ano passado lado a lado.
5. Clique em **Gerar**.

Cada linha pode ser expandida até chegar aos lançamentos que a compõem, o que ajuda a investigar variações inesperadas.

**Dica:** para analisar a operação, use o regime de competência. Para entender por que sobrou ou faltou dinheiro no mês, compare com o relatório de fluxo de caixa, que segue o regime de caixa.

## Exportando e compartilhando

O relatório pode ser exportado em PDF, para apresentar aos sócios, ou em planilha, para análises próprias. Usuários com o perfil **Diretoria** podem agendar o envio automático da DRE do mês anterior por e-mail, todo dia 5.

| Indicador | Como é calculado |
|---|---|
| Margem bruta | (Receita líquida menos custos) dividido pela receita líquida |
| Margem operacional | Resultado operacional dividido pela receita líquida |
| Margem líquida | Resultado do período dividido pela receita líquida |

Esses indicadores aparecem no final do relatório e também no painel do Financeiro.
""",
        "en": None,
    },
    # ------------------------------------------------------------------ Vendas
    {
        "slug": "cadastro-de-pedido-de-venda",
        "category": "pedidos",
        "title": "Cadastro de pedido de venda",
        "summary": (
            "Como cadastrar um pedido de venda, aplicar a tabela de preços e as condições de "
            "pagamento, e acompanhar o pedido até o faturamento."
        ),
        "tags": ["pedido de venda", "vendas", "faturamento"],
        "visibility": "public",
        "body": """\
O pedido de venda registra o que foi negociado com o cliente: produtos, quantidades, preços, prazos e forma de entrega. É a partir dele que o estoque é reservado, a nota fiscal é emitida e os títulos do contas a receber são gerados.

## Cadastrando o pedido

1. Acesse **Vendas > Pedidos** e clique em **Novo pedido**.
2. Selecione o **cliente**. O sistema carrega a tabela de preços, a condição de pagamento e o vendedor definidos no cadastro.
3. Adicione os produtos pelo código, pela descrição ou pelo leitor de código de barras.
4. Informe as quantidades. O preço unitário vem da tabela de preços e pode ser alterado dentro do limite de desconto do vendedor.
5. Na aba **Entrega**, confira o endereço, a transportadora, o tipo de frete e a data prevista.
6. Na aba **Pagamento**, escolha a condição (por exemplo, 30/60/90 dias) e a forma (boleto, Pix, cartão).
7. Clique em **Salvar**. O pedido recebe um número e fica com a situação **Em digitação** até ser confirmado.
8. Clique em **Confirmar pedido** para reservar o estoque e liberar o pedido para o faturamento.

**Dica:** use o campo **Observações para a nota** para textos que devem sair no DANFE, como o número do pedido de compra do cliente. O campo **Observações internas** não é impresso.

## Situações do pedido

| Situação | O que significa |
|---|---|
| Em digitação | O pedido pode ser alterado livremente. |
| Aguardando aprovação | O pedido ultrapassou o limite de crédito ou de desconto e precisa ser aprovado. |
| Confirmado | O estoque está reservado e o pedido pode ser faturado. |
| Faturado parcialmente | Parte dos itens já teve nota fiscal emitida. |
| Faturado | Todos os itens foram faturados. |
| Cancelado | O pedido foi cancelado e a reserva de estoque, liberada. |

## Bloqueios mais comuns

Um pedido pode parar em **Aguardando aprovação** por três motivos:

- **Crédito:** o cliente tem títulos vencidos ou o pedido ultrapassa o limite de crédito;
- **Desconto:** algum item foi vendido abaixo do preço mínimo permitido ao vendedor;
- **Estoque:** não há saldo suficiente e a empresa não permite venda sem estoque.

Os pedidos bloqueados aparecem em **Vendas > Aprovações** para os usuários com permissão de gerente comercial, que podem aprovar, recusar ou devolver o pedido ao vendedor com um comentário.
""",
        "en": None,
    },
    {
        "slug": "transformar-orcamento-em-pedido-de-venda",
        "category": "pedidos",
        "title": "Como transformar um orçamento em pedido de venda",
        "summary": (
            "Crie orçamentos, envie ao cliente e, depois da aprovação, converta o orçamento em "
            "pedido de venda sem digitar os itens de novo."
        ),
        "tags": ["orçamentos", "pedido de venda", "vendas"],
        "visibility": "public",
        "body": """\
O orçamento é uma proposta comercial: ele registra preços e condições, mas não reserva estoque nem gera compromisso fiscal ou financeiro. Quando o cliente aprova, o orçamento é convertido em pedido de venda, aproveitando todos os itens e condições negociados.

## Criando e enviando o orçamento

1. Acesse **Vendas > Orçamentos** e clique em **Novo orçamento**.
2. Selecione o cliente. Para clientes novos, é possível usar um **cadastro simplificado**, apenas com nome, e-mail e telefone.
3. Adicione os produtos, as quantidades e os preços.
4. Defina a **validade** do orçamento (por padrão, 15 dias) e a condição de pagamento.
5. Clique em **Salvar** e depois em **Enviar ao cliente**. O cliente recebe o orçamento em PDF por e-mail.

**Dica:** duplique orçamentos recorrentes com **Ações > Duplicar**. Os preços são atualizados pela tabela vigente, evitando enviar valores antigos.

## Convertendo em pedido

Quando o cliente aprovar a proposta:

1. Abra o orçamento e clique em **Gerar pedido**.
2. Se o cliente foi criado pelo cadastro simplificado, complete os dados obrigatórios para a nota fiscal (CPF ou CNPJ, endereço e inscrição estadual).
3. Escolha se deseja **manter os preços do orçamento** ou **atualizar pela tabela atual**. Se o orçamento estiver vencido, a atualização é sugerida.
4. Selecione os itens que serão convertidos. Itens não aprovados podem ficar de fora.
5. Confirme. O pedido é criado com a situação **Em digitação**, já vinculado ao orçamento.

O orçamento passa para a situação **Convertido** e mostra o número do pedido gerado. Um orçamento pode ser convertido em mais de um pedido quando o cliente aprova os itens em momentos diferentes.

## Acompanhando os orçamentos

Em **Vendas > Orçamentos**, use os filtros de situação para acompanhar o funil:

| Situação | Próximo passo |
|---|---|
| Aberto | Enviar ao cliente. |
| Enviado | Fazer o acompanhamento antes do fim da validade. |
| Convertido | Acompanhar o pedido gerado. |
| Perdido | Registrar o motivo da perda. |
| Vencido | Renovar ou marcar como perdido. |

Registrar o motivo da perda (preço, prazo, concorrente, desistência) é importante: o relatório **Taxa de conversão de orçamentos** usa essa informação para mostrar onde as vendas estão sendo perdidas.
""",
        "en": None,
    },
    {
        "slug": "devolucao-de-venda",
        "category": "pedidos",
        "title": "Devolução de venda",
        "summary": (
            "Como registrar a devolução de mercadorias vendidas, com a nota fiscal de devolução, a "
            "entrada no estoque e o ajuste financeiro do cliente."
        ),
        "tags": ["devolução", "nota fiscal", "estoque"],
        "visibility": "public",
        "body": """\
A devolução de venda acontece quando o cliente devolve, total ou parcialmente, a mercadoria recebida. Ela envolve três áreas: a parte fiscal (a nota de devolução), o estoque (a entrada da mercadoria) e o financeiro (o crédito ou o estorno para o cliente). No módulo Vendas, todo o processo é feito a partir da venda original.

## Quem emite a nota de devolução

Depende do cliente:

- **Cliente contribuinte do ICMS** (empresa com inscrição estadual): o próprio cliente emite a NF-e de devolução e a envia junto com a mercadoria. Você só registra a entrada dessa nota.
- **Cliente não contribuinte** (consumidor final ou empresa sem inscrição estadual): a sua empresa emite uma NF-e de entrada para acobertar o retorno da mercadoria.

Nos dois casos, a nota de devolução precisa referenciar a chave de acesso da NF-e original.

## Registrando a devolução

1. Acesse **Vendas > Devoluções** e clique em **Nova devolução**.
2. Informe o número do pedido ou da nota fiscal de venda.
3. Selecione os itens e as quantidades devolvidas. Não é possível devolver mais do que foi faturado.
4. Informe o motivo da devolução (avaria, produto errado, arrependimento etc.).
5. Se o cliente emitiu a nota, importe o XML recebido. Se não, clique em **Emitir nota de entrada**: o ERP Fiscal usa a natureza de operação "Devolução de venda", com finalidade de devolução e o CFOP adequado (1.202 ou 2.202, para mercadoria adquirida de terceiros, por exemplo).
6. Escolha o **destino da mercadoria**: estoque disponível, estoque de avarias ou descarte.
7. Confirme a devolução.

**Dica:** confira a mercadoria antes de confirmar. Depois da confirmação, o estoque e o financeiro já foram movimentados, e o ajuste exige um estorno.

## Ajuste financeiro

Na confirmação, o sistema pergunta como tratar o valor devolvido:

| Opção | Quando usar |
|---|---|
| Abater dos títulos em aberto | O cliente ainda não pagou a venda. |
| Gerar crédito para o cliente | O cliente vai usar o valor em compras futuras. |
| Gerar título a pagar | A empresa vai devolver o dinheiro ao cliente. |

A comissão do vendedor sobre os itens devolvidos é estornada automaticamente no próximo fechamento de comissões. O relatório **Devoluções por motivo** ajuda a identificar problemas recorrentes de transporte, embalagem ou cadastro de produtos.
""",
        "en": None,
    },
    {
        "slug": "tabela-de-precos-por-cliente",
        "category": "tabelas-de-preco",
        "title": "Tabela de preços por cliente",
        "summary": (
            "Crie tabelas de preços específicas para clientes ou grupos de clientes, com vigência "
            "e prioridade, e veja qual preço o pedido vai usar."
        ),
        "tags": ["tabela de preços", "clientes", "preços"],
        "visibility": "public",
        "body": """\
Além da tabela de preços padrão, o módulo Vendas permite criar tabelas específicas para um cliente ou para um grupo de clientes, como distribuidores, revendas ou clientes de um estado. Assim, o vendedor não precisa lembrar o preço negociado com cada cliente: o pedido já traz o valor correto.

## Criando a tabela

1. Acesse **Vendas > Tabelas de preço** e clique em **Nova tabela**.
2. Informe o nome (por exemplo, "Distribuidores Sul") e o período de **vigência**.
3. Escolha como os preços serão definidos:
    - **Preço fixo** por produto;
    - **Percentual sobre a tabela padrão** (acréscimo ou desconto);
    - **Margem sobre o custo**.
4. Adicione os produtos. Você pode incluir todos, uma categoria ou importar uma planilha com código e preço.
5. Defina o **preço mínimo** de cada item, que limita os descontos dados no pedido.
6. Salve a tabela.

## Vinculando aos clientes

A tabela pode ser ligada diretamente no cadastro do cliente (campo **Tabela de preços**) ou a um **grupo de clientes**. Quando o cliente está em mais de uma situação, o sistema segue esta ordem de prioridade:

| Prioridade | Origem do preço |
|---|---|
| 1 | Tabela vinculada diretamente ao cliente |
| 2 | Tabela do grupo de clientes |
| 3 | Tabela da região ou do estado |
| 4 | Tabela padrão |

Se o produto não estiver na tabela de maior prioridade, o sistema procura na próxima, até chegar à tabela padrão.

**Dica:** no pedido, passe o mouse sobre o preço unitário para ver de qual tabela ele veio. Isso ajuda a esclarecer dúvidas de vendedores e clientes.

## Vigência e histórico

Tabelas vencidas deixam de ser usadas automaticamente, e os pedidos passam a buscar o preço na próxima tabela da ordem de prioridade. Para renovar uma negociação, use **Ações > Duplicar com nova vigência**, que cria uma cópia da tabela mantendo os preços para ajuste.

Os pedidos já salvos não mudam quando a tabela é alterada: o preço fica gravado no item. Todas as alterações de preço ficam registradas no histórico da tabela, com o usuário, a data e o valor anterior, o que facilita auditorias e conferências de negociações antigas.
""",
        "en": None,
    },
    {
        "slug": "reajuste-de-precos-em-lote",
        "category": "tabelas-de-preco",
        "title": "Reajuste de preços em lote",
        "summary": (
            "Aplique reajustes percentuais ou por planilha em várias tabelas de preço de uma vez, "
            "com simulação antes de confirmar e data para entrar em vigor."
        ),
        "tags": ["tabela de preços", "reajuste", "preços"],
        "visibility": "public",
        "body": """\
Quando os fornecedores reajustam os custos ou a empresa revisa a política comercial, alterar produto por produto leva tempo e abre espaço para erros. O reajuste em lote atualiza os preços de várias tabelas e produtos de uma só vez, com simulação antes da confirmação.

## Fazendo o reajuste

1. Acesse **Vendas > Tabelas de preço > Reajuste em lote**.
2. Selecione as tabelas que serão reajustadas. Tabelas vinculadas a contratos podem ser deixadas de fora.
3. Filtre os produtos por categoria, marca, fornecedor ou NCM.
4. Escolha o tipo de reajuste:
    - **Percentual**: aplica o mesmo índice a todos os itens filtrados;
    - **Valor fixo**: soma ou subtrai um valor em reais;
    - **Planilha**: importa um arquivo com o código do produto e o novo preço.
5. Defina o **arredondamento** (por exemplo, para terminar em ,90) e a **data de início** dos novos preços.
6. Clique em **Simular**.

## Conferindo a simulação

A simulação mostra, para cada produto, o preço atual, o preço novo, a variação e a margem resultante. Itens com margem abaixo do mínimo configurado aparecem destacados.

| Coluna | O que conferir |
|---|---|
| Preço atual | Se a tabela certa foi selecionada. |
| Preço novo | Se o arredondamento ficou como esperado. |
| Margem | Se algum item ficou com margem negativa ou abaixo do mínimo. |

Você pode desmarcar itens ou editar valores diretamente na simulação. Quando estiver tudo certo, clique em **Confirmar reajuste**.

**Dica:** programe a data de início para o primeiro dia do mês seguinte e avise a equipe comercial com antecedência. Os orçamentos em aberto continuam com os preços antigos até a validade, a menos que sejam atualizados.

## Desfazendo um reajuste

Cada reajuste fica registrado em **Reajuste em lote > Histórico**, com as tabelas, os filtros e o usuário responsável. Enquanto a data de início não chegar, o reajuste pode ser cancelado sem efeito algum. Depois disso, use **Reverter**, que gera um novo reajuste restaurando os preços anteriores dos itens afetados, sem alterar os pedidos já salvos.
""",
        "en": None,
    },
    {
        "slug": "comissao-de-vendedores",
        "category": "comissoes",
        "title": "Comissão de vendedores",
        "summary": (
            "Configure regras de comissão por vendedor, produto ou faixa de desconto e faça o "
            "fechamento mensal das comissões pelo faturamento ou pelo recebimento."
        ),
        "tags": ["comissões", "vendedores", "fechamento"],
        "visibility": "public",
        "body": """\
O módulo Vendas calcula automaticamente a comissão de cada vendedor a partir dos pedidos faturados. As regras são flexíveis: a comissão pode variar por vendedor, por produto, por tabela de preços ou pelo desconto concedido.

## Configurando as regras

1. Acesse **Vendas > Comissões > Regras** e clique em **Nova regra**.
2. Escolha a **base de cálculo**:
    - **Faturamento**: a comissão é devida quando a nota fiscal é emitida;
    - **Recebimento**: a comissão só é liberada quando o cliente paga cada parcela.
3. Informe o **percentual padrão** do vendedor ou da equipe.
4. Se quiser, adicione exceções por produto ou categoria. Ex.: 2% para produtos de linha e 5% para lançamentos.
5. Defina se frete, impostos (IPI e ICMS-ST) e despesas acessórias entram ou não na base de cálculo.
6. Salve e vincule a regra aos vendedores.

### Comissão por faixa de desconto

Para incentivar vendas com preço cheio, a comissão pode diminuir conforme o desconto dado no pedido:

| Desconto no item | Comissão |
|---|---|
| Até 5% | 5% |
| De 5,01% a 10% | 3% |
| Acima de 10% | 1% |

## Fechamento mensal

1. Acesse **Vendas > Comissões > Fechamento** e escolha o mês.
2. Clique em **Calcular**. O sistema lista, por vendedor, as vendas ou recebimentos do período e o valor de comissão de cada documento.
3. Confira os ajustes: devoluções e cancelamentos geram valores negativos, que são descontados automaticamente.
4. Se necessário, lance **ajustes manuais** (bônus, metas atingidas, correções) com uma justificativa.
5. Clique em **Fechar período**. Os valores ficam bloqueados para alteração.
6. Marque **Gerar contas a pagar** para criar os títulos de pagamento dos vendedores no Financeiro.

**Dica:** envie aos vendedores o **Extrato de comissões** antes de fechar o período. Eles podem conferir os valores e apontar divergências enquanto ainda é possível corrigi-las.

Se um vendedor for trocado na carteira de um cliente, os pedidos já emitidos continuam gerando comissão para o vendedor original. Para transferir a comissão de pedidos antigos, use **Ações > Alterar vendedor** no pedido, antes do fechamento do mês.
""",
        "en": None,
    },
]
